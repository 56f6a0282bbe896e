//! `create-event SERVICE_ROOT USER SUBJECT START END`: books an hour in a
//! user's calendar (times as `2024-05-01T09:00:00`, UTC).

use graphgen_models::calls::Graph;
use graphgen_models::microsoft_graph::{DateTimeTimeZone, Event};

fn main() -> Result<(), graphgen_graph_tasks::Error> {
    let (graph, args) =
        graphgen_graph_tasks::connect("create-event SERVICE_ROOT USER SUBJECT START END")?;
    let [user, subject, start, end] = args.as_slice() else {
        return Err("expected USER SUBJECT START END".into());
    };
    let at = |time: &str| DateTimeTimeZone::default().date_time(time).time_zone("UTC");
    let event = Event::default()
        .subject(subject.as_str())
        .start(at(start))
        .end(at(end));
    let created = graph.send(&Graph::new().users().by_id(user).events().create(&event))?;
    println!("created {}", created.id.as_ref().map_or("", String::as_str));
    Ok(())
}
