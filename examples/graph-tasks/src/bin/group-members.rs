//! `group-members SERVICE_ROOT GROUP`: the display names of a group's members.

use graphgen_models::calls::Graph;
use graphgen_models::microsoft_graph::DirectoryObjectKind;

fn main() -> Result<(), graphgen_graph_tasks::Error> {
    let (graph, args) = graphgen_graph_tasks::connect("group-members SERVICE_ROOT GROUP")?;
    let group = args.first().ok_or("no group given")?;
    for member in graph
        .send(&Graph::new().groups().by_id(group).members().list())?
        .value
    {
        // Members are users, groups and other directory objects.
        let name = match &member {
            DirectoryObjectKind::User(user) => user.display_name.as_ref(),
            DirectoryObjectKind::Group(group) => group.display_name.as_ref(),
            _ => None,
        };
        println!("{}", name.map_or("(no name)", String::as_str));
    }
    Ok(())
}
