//! `list-messages SERVICE_ROOT USER`: the subjects of a user's last ten messages.

use graphgen_models::calls::Graph;

fn main() -> Result<(), graphgen_graph_tasks::Error> {
    let (graph, args) = graphgen_graph_tasks::connect("list-messages SERVICE_ROOT USER")?;
    let user = args.first().ok_or("no user given")?;
    let call = Graph::new()
        .users()
        .by_id(user)
        .messages()
        .list()
        .select(&["subject"])
        .top(10);
    for message in graph.send(&call)?.value {
        println!(
            "{}",
            message
                .subject
                .as_ref()
                .map_or("(no subject)", String::as_str)
        );
    }
    Ok(())
}
