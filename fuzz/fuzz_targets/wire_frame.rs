//! The sync frame decoder (`sportello_core::sync::wire`) on any bytes, and on frames encoded
//! from any message: no panic, and what decodes encodes back to the same message.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use sportello_core::sync::ids::{DocumentId, PeerId};
use sportello_core::sync::wire::{Message, PeerMetadata};

#[derive(Debug, Arbitrary)]
enum Input {
    /// A frame as it arrives on the socket.
    Frame(Vec<u8>),
    /// A message built field by field, encoded as the relay and the app encode.
    Message(Built),
}

#[derive(Debug, Arbitrary)]
enum Built {
    Join { sender: String, versions: Vec<String>, meta: Option<(Option<String>, bool)> },
    Peer { sender: String, target: String, version: String, meta: Option<(Option<String>, bool)> },
    Leave { sender: String },
    Request { sender: String, target: String, doc: [u8; 16], data: Vec<u8> },
    Sync { sender: String, target: String, doc: [u8; 16], data: Vec<u8> },
    DocUnavailable { sender: String, target: String, doc: [u8; 16] },
    Ephemeral { sender: String, target: String, doc: [u8; 16], session: String, count: u64, data: Vec<u8> },
    Error { message: String },
}

fn meta(m: Option<(Option<String>, bool)>) -> Option<PeerMetadata> {
    m.map(|(storage_id, is_ephemeral)| PeerMetadata { storage_id, is_ephemeral })
}

impl Built {
    fn message(self) -> Message {
        let doc = DocumentId::from_bytes;
        match self {
            Built::Join { sender, versions, meta: m } => Message::Join {
                sender_id: PeerId(sender),
                supported_protocol_versions: versions,
                peer_metadata: meta(m),
            },
            Built::Peer { sender, target, version, meta: m } => Message::Peer {
                sender_id: PeerId(sender),
                target_id: PeerId(target),
                selected_protocol_version: version,
                peer_metadata: meta(m),
            },
            Built::Leave { sender } => Message::Leave { sender_id: PeerId(sender) },
            Built::Request { sender, target, doc: d, data } => {
                Message::Request { sender_id: PeerId(sender), target_id: PeerId(target), document_id: doc(d), data }
            }
            Built::Sync { sender, target, doc: d, data } => {
                Message::Sync { sender_id: PeerId(sender), target_id: PeerId(target), document_id: doc(d), data }
            }
            Built::DocUnavailable { sender, target, doc: d } => {
                Message::DocUnavailable { sender_id: PeerId(sender), target_id: PeerId(target), document_id: doc(d) }
            }
            Built::Ephemeral { sender, target, doc: d, session, count, data } => Message::Ephemeral {
                sender_id: PeerId(sender),
                target_id: PeerId(target),
                document_id: doc(d),
                session_id: session,
                count,
                data,
            },
            Built::Error { message } => Message::Error { message },
        }
    }
}

fuzz_target!(|input: Input| match input {
    Input::Frame(bytes) => {
        if let Ok(message) = Message::decode(&bytes) {
            let again = Message::decode(&message.encode());
            assert_eq!(again.as_ref(), Ok(&message), "a decoded frame does not survive its own encoding");
            let _ = (message.kind(), message.sender(), message.document_id());
        }
    }
    Input::Message(built) => {
        let message = built.message();
        assert_eq!(Message::decode(&message.encode()), Ok(message));
    }
});
