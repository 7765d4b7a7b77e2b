//! The automerge-repo wire protocol, version "1": CBOR maps with a `type` field.
//!
//! Decoding goes through a generic CBOR value rather than serde derive so that unknown
//! fields and message types from newer peers are skipped instead of failing the connection.

use super::ids::{DocumentId, PeerId};
use ciborium::value::Value;
use std::fmt;

pub const PROTOCOL_VERSION: &str = "1";

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PeerMetadata {
    pub storage_id: Option<String>,
    pub is_ephemeral: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    Join {
        sender_id: PeerId,
        supported_protocol_versions: Vec<String>,
        peer_metadata: Option<PeerMetadata>,
    },
    Peer {
        sender_id: PeerId,
        target_id: PeerId,
        selected_protocol_version: String,
        peer_metadata: Option<PeerMetadata>,
    },
    Leave {
        sender_id: PeerId,
    },
    /// "Send me this document": the first sync message of a peer that has no copy.
    Request {
        sender_id: PeerId,
        target_id: PeerId,
        document_id: DocumentId,
        data: Vec<u8>,
    },
    Sync {
        sender_id: PeerId,
        target_id: PeerId,
        document_id: DocumentId,
        data: Vec<u8>,
    },
    DocUnavailable {
        sender_id: PeerId,
        target_id: PeerId,
        document_id: DocumentId,
    },
    Ephemeral {
        sender_id: PeerId,
        target_id: PeerId,
        document_id: DocumentId,
        session_id: String,
        count: u64,
        data: Vec<u8>,
    },
    /// The peer refuses something; `document_id` names the document whose change it
    /// refused. Encoded only when present: automerge-repo's JS client ignores the field.
    Error {
        message: String,
        document_id: Option<DocumentId>,
    },
    /// A message type this implementation does not act on (e.g. `remote-heads-changed`).
    Other {
        kind: String,
    },
}

impl Message {
    pub fn kind(&self) -> &str {
        match self {
            Message::Join { .. } => "join",
            Message::Peer { .. } => "peer",
            Message::Leave { .. } => "leave",
            Message::Request { .. } => "request",
            Message::Sync { .. } => "sync",
            Message::DocUnavailable { .. } => "doc-unavailable",
            Message::Ephemeral { .. } => "ephemeral",
            Message::Error { .. } => "error",
            Message::Other { kind } => kind,
        }
    }

    pub fn sender(&self) -> Option<&PeerId> {
        match self {
            Message::Join { sender_id, .. }
            | Message::Peer { sender_id, .. }
            | Message::Leave { sender_id }
            | Message::Request { sender_id, .. }
            | Message::Sync { sender_id, .. }
            | Message::DocUnavailable { sender_id, .. }
            | Message::Ephemeral { sender_id, .. } => Some(sender_id),
            Message::Error { .. } | Message::Other { .. } => None,
        }
    }

    pub fn document_id(&self) -> Option<DocumentId> {
        match self {
            Message::Request { document_id, .. }
            | Message::Sync { document_id, .. }
            | Message::DocUnavailable { document_id, .. }
            | Message::Ephemeral { document_id, .. } => Some(*document_id),
            _ => None,
        }
    }

    pub fn encode(&self) -> Vec<u8> {
        let mut map: Vec<(Value, Value)> = vec![field("type", text(self.kind()))];
        match self {
            Message::Join { sender_id, supported_protocol_versions, peer_metadata } => {
                map.push(field("senderId", text(sender_id.as_str())));
                map.push(field(
                    "supportedProtocolVersions",
                    Value::Array(supported_protocol_versions.iter().map(|v| text(v)).collect()),
                ));
                if let Some(meta) = peer_metadata {
                    map.push(field("peerMetadata", encode_metadata(meta)));
                }
            }
            Message::Peer { sender_id, target_id, selected_protocol_version, peer_metadata } => {
                map.push(field("senderId", text(sender_id.as_str())));
                map.push(field("targetId", text(target_id.as_str())));
                map.push(field("selectedProtocolVersion", text(selected_protocol_version)));
                if let Some(meta) = peer_metadata {
                    map.push(field("peerMetadata", encode_metadata(meta)));
                }
            }
            Message::Leave { sender_id } => map.push(field("senderId", text(sender_id.as_str()))),
            Message::Request { sender_id, target_id, document_id, data }
            | Message::Sync { sender_id, target_id, document_id, data } => {
                map.push(field("senderId", text(sender_id.as_str())));
                map.push(field("targetId", text(target_id.as_str())));
                map.push(field("documentId", text(&document_id.to_string())));
                map.push(field("data", Value::Bytes(data.clone())));
            }
            Message::DocUnavailable { sender_id, target_id, document_id } => {
                map.push(field("senderId", text(sender_id.as_str())));
                map.push(field("targetId", text(target_id.as_str())));
                map.push(field("documentId", text(&document_id.to_string())));
            }
            Message::Ephemeral { sender_id, target_id, document_id, session_id, count, data } => {
                map.push(field("senderId", text(sender_id.as_str())));
                map.push(field("targetId", text(target_id.as_str())));
                map.push(field("documentId", text(&document_id.to_string())));
                map.push(field("sessionId", text(session_id)));
                map.push(field("count", Value::Integer((*count).into())));
                map.push(field("data", Value::Bytes(data.clone())));
            }
            Message::Error { message, document_id } => {
                map.push(field("message", text(message)));
                if let Some(id) = document_id {
                    map.push(field("documentId", text(&id.to_string())));
                }
            }
            Message::Other { .. } => {}
        }
        let mut out = Vec::new();
        ciborium::into_writer(&Value::Map(map), &mut out).expect("writing CBOR to a Vec cannot fail");
        out
    }

    pub fn decode(bytes: &[u8]) -> Result<Self, WireError> {
        let value: Value = ciborium::from_reader(bytes).map_err(|e| WireError::Cbor(e.to_string()))?;
        let Value::Map(entries) = value else {
            return Err(WireError::NotAMap);
        };
        let fields = Fields(entries);
        let kind = fields.text("type")?;
        Ok(match kind.as_str() {
            "join" => Message::Join {
                sender_id: fields.peer("senderId")?,
                supported_protocol_versions: fields.text_array("supportedProtocolVersions")?,
                peer_metadata: fields.metadata(),
            },
            "peer" => Message::Peer {
                sender_id: fields.peer("senderId")?,
                target_id: fields.peer("targetId")?,
                selected_protocol_version: fields.text("selectedProtocolVersion")?,
                peer_metadata: fields.metadata(),
            },
            "leave" => Message::Leave { sender_id: fields.peer("senderId")? },
            "request" => Message::Request {
                sender_id: fields.peer("senderId")?,
                target_id: fields.peer("targetId")?,
                document_id: fields.document("documentId")?,
                data: fields.bytes("data")?,
            },
            "sync" => Message::Sync {
                sender_id: fields.peer("senderId")?,
                target_id: fields.peer("targetId")?,
                document_id: fields.document("documentId")?,
                data: fields.bytes("data")?,
            },
            "doc-unavailable" => Message::DocUnavailable {
                sender_id: fields.peer("senderId")?,
                target_id: fields.peer("targetId")?,
                document_id: fields.document("documentId")?,
            },
            "ephemeral" => Message::Ephemeral {
                sender_id: fields.peer("senderId")?,
                target_id: fields.peer("targetId")?,
                document_id: fields.document("documentId")?,
                session_id: fields.text("sessionId")?,
                count: fields.count("count")?,
                data: fields.bytes("data")?,
            },
            "error" => Message::Error {
                message: fields.text("message").unwrap_or_default(),
                document_id: fields.document("documentId").ok(),
            },
            _ => Message::Other { kind },
        })
    }
}

fn field(name: &str, value: Value) -> (Value, Value) {
    (Value::Text(name.to_owned()), value)
}

fn text(s: &str) -> Value {
    Value::Text(s.to_owned())
}

fn encode_metadata(meta: &PeerMetadata) -> Value {
    let mut map = Vec::new();
    if let Some(storage) = &meta.storage_id {
        map.push(field("storageId", text(storage)));
    }
    map.push(field("isEphemeral", Value::Bool(meta.is_ephemeral)));
    Value::Map(map)
}

struct Fields(Vec<(Value, Value)>);

impl Fields {
    fn get(&self, name: &'static str) -> Option<&Value> {
        self.0.iter().find(|(k, _)| matches!(k, Value::Text(t) if t == name)).map(|(_, v)| v)
    }

    fn text(&self, name: &'static str) -> Result<String, WireError> {
        match self.get(name) {
            Some(Value::Text(t)) => Ok(t.clone()),
            _ => Err(WireError::Missing(name)),
        }
    }

    fn peer(&self, name: &'static str) -> Result<PeerId, WireError> {
        self.text(name).map(PeerId)
    }

    fn document(&self, name: &'static str) -> Result<DocumentId, WireError> {
        match self.get(name) {
            Some(Value::Text(t)) => DocumentId::parse(t).map_err(|_| WireError::BadDocumentId),
            Some(Value::Bytes(b)) => {
                <[u8; 16]>::try_from(b.as_slice()).map(DocumentId::from_bytes).map_err(|_| WireError::BadDocumentId)
            }
            _ => Err(WireError::Missing(name)),
        }
    }

    fn bytes(&self, name: &'static str) -> Result<Vec<u8>, WireError> {
        match self.get(name) {
            Some(Value::Bytes(b)) => Ok(b.clone()),
            // Some encoders tag typed arrays (RFC 8746); the payload is still the bytes.
            Some(Value::Tag(_, inner)) => match inner.as_ref() {
                Value::Bytes(b) => Ok(b.clone()),
                _ => Err(WireError::Missing(name)),
            },
            _ => Err(WireError::Missing(name)),
        }
    }

    fn text_array(&self, name: &'static str) -> Result<Vec<String>, WireError> {
        match self.get(name) {
            Some(Value::Array(items)) => Ok(items
                .iter()
                .filter_map(|v| match v {
                    Value::Text(t) => Some(t.clone()),
                    _ => None,
                })
                .collect()),
            _ => Err(WireError::Missing(name)),
        }
    }

    /// JavaScript peers may encode integers as floats.
    fn count(&self, name: &'static str) -> Result<u64, WireError> {
        match self.get(name) {
            Some(Value::Integer(i)) => u64::try_from(*i).map_err(|_| WireError::Missing(name)),
            Some(Value::Float(f)) if *f >= 0.0 => Ok(*f as u64),
            _ => Err(WireError::Missing(name)),
        }
    }

    fn metadata(&self) -> Option<PeerMetadata> {
        let Some(Value::Map(entries)) = self.get("peerMetadata") else {
            return None;
        };
        let meta = Fields(entries.clone());
        Some(PeerMetadata {
            storage_id: meta.text("storageId").ok(),
            is_ephemeral: matches!(meta.get("isEphemeral"), Some(Value::Bool(true))),
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WireError {
    Cbor(String),
    NotAMap,
    Missing(&'static str),
    BadDocumentId,
}

impl fmt::Display for WireError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WireError::Cbor(e) => write!(f, "invalid CBOR: {e}"),
            WireError::NotAMap => f.write_str("a message must be a CBOR map"),
            WireError::Missing(name) => write!(f, "missing or malformed field `{name}`"),
            WireError::BadDocumentId => f.write_str("malformed documentId"),
        }
    }
}

impl std::error::Error for WireError {}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> DocumentId {
        DocumentId::from_random([3; 16])
    }

    #[test]
    fn every_message_round_trips() {
        let meta = Some(PeerMetadata { storage_id: Some("s1".into()), is_ephemeral: false });
        let messages = vec![
            Message::Join {
                sender_id: "a".into(),
                supported_protocol_versions: vec!["1".into()],
                peer_metadata: meta.clone(),
            },
            Message::Peer {
                sender_id: "r".into(),
                target_id: "a".into(),
                selected_protocol_version: "1".into(),
                peer_metadata: meta,
            },
            Message::Leave { sender_id: "a".into() },
            Message::Request { sender_id: "a".into(), target_id: "r".into(), document_id: doc(), data: vec![1, 2] },
            Message::Sync { sender_id: "a".into(), target_id: "r".into(), document_id: doc(), data: vec![3] },
            Message::DocUnavailable { sender_id: "r".into(), target_id: "a".into(), document_id: doc() },
            Message::Ephemeral {
                sender_id: "a".into(),
                target_id: "r".into(),
                document_id: doc(),
                session_id: "x".into(),
                count: 4,
                data: vec![9],
            },
            Message::Error { message: "nope".into(), document_id: None },
            Message::Error { message: "troppo lungo".into(), document_id: Some(doc()) },
        ];
        for m in messages {
            assert_eq!(Message::decode(&m.encode()).unwrap(), m);
        }
    }

    #[test]
    fn unknown_types_and_fields_are_tolerated() {
        let value = Value::Map(vec![
            field("type", text("remote-heads-changed")),
            field("senderId", text("a")),
            field("newHeads", Value::Map(vec![])),
        ]);
        let mut bytes = Vec::new();
        ciborium::into_writer(&value, &mut bytes).unwrap();
        assert_eq!(Message::decode(&bytes).unwrap(), Message::Other { kind: "remote-heads-changed".into() });
    }

    #[test]
    fn an_error_without_a_document_has_no_document_field() {
        let bytes = Message::Error { message: "nope".into(), document_id: None }.encode();
        let Value::Map(entries) = ciborium::from_reader::<Value, _>(bytes.as_slice()).unwrap() else {
            panic!("not a map");
        };
        assert!(Fields(entries).get("documentId").is_none());
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(Message::decode(&[0xff, 0x00, 0x13]).is_err());
        assert!(Message::decode(&[]).is_err());
    }
}
