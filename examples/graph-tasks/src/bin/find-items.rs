//! `find-items SERVICE_ROOT DRIVE TEXT`: the names of a drive's items that match TEXT.

use graphgen_models::calls::Graph;

fn main() -> Result<(), graphgen_graph_tasks::Error> {
    let (graph, args) = graphgen_graph_tasks::connect("find-items SERVICE_ROOT DRIVE TEXT")?;
    let [drive, text] = args.as_slice() else {
        return Err("expected DRIVE TEXT".into());
    };
    for item in graph
        .send(&Graph::new().drives().by_id(drive).root().search(text))?
        .value
    {
        println!("{}", item.name.as_ref().map_or("(no name)", String::as_str));
    }
    Ok(())
}
