//! `send-mail SERVICE_ROOT USER FILE TO...`: mails FILE to the TO addresses.

use graphgen_models::calls::{Graph, UserSendMailParameters};
use graphgen_models::microsoft_graph::{
    EmailAddress, FileAttachment, ItemBody, Message, Recipient,
};
use graphgen_runtime::Binary;

fn main() -> Result<(), graphgen_graph_tasks::Error> {
    let (graph, args) = graphgen_graph_tasks::connect("send-mail SERVICE_ROOT USER FILE TO...")?;
    let [user, file, to @ ..] = args.as_slice() else {
        return Err("no user or file given".into());
    };
    // In `attachments`, a file attachment writes its `@odata.type` itself.
    let attachment = FileAttachment::default()
        .name(file.as_str())
        .content_type("text/plain")
        .content_bytes(Binary(std::fs::read(file)?));
    let message = Message::default()
        .subject("The plan")
        .body(ItemBody::default().content("Attached."))
        .to_recipients(to.iter().map(|a| {
            Recipient::default().email_address(EmailAddress::default().address(a.as_str()))
        }))
        .attachments([attachment]);
    let parameters = UserSendMailParameters::default()
        .message(message)
        .save_to_sent_items(true);
    graph.send(&Graph::new().users().by_id(user).send_mail(&parameters))?;
    println!("sent to {}", to.join(", "));
    Ok(())
}
