//! Identifiers of the automerge-repo protocol: document ids (bs58check of a UUID's 16
//! bytes), `automerge:` URLs and peer ids.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A document's identity: 16 bytes, written as bs58check (what automerge-repo uses).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DocumentId([u8; 16]);

impl DocumentId {
    pub const fn from_bytes(bytes: [u8; 16]) -> Self {
        Self(bytes)
    }

    /// A fresh id from 16 random bytes supplied by the caller (this crate draws no randomness).
    /// Sets the UUID v4 version and variant bits, as automerge-repo's ids are v4 UUIDs.
    pub fn from_random(mut bytes: [u8; 16]) -> Self {
        bytes[6] = (bytes[6] & 0x0f) | 0x40;
        bytes[8] = (bytes[8] & 0x3f) | 0x80;
        Self(bytes)
    }

    pub fn as_bytes(&self) -> &[u8; 16] {
        &self.0
    }

    /// The `automerge:<id>` URL automerge-repo uses to name a document.
    pub fn url(&self) -> String {
        format!("automerge:{self}")
    }

    /// Parses either a bare id or an `automerge:` URL (heads suffixes are ignored).
    pub fn parse(input: &str) -> Result<Self, IdError> {
        let bare = input.strip_prefix("automerge:").unwrap_or(input);
        let bare = bare.split('#').next().unwrap_or(bare);
        let bytes = bs58::decode(bare).with_check(None).into_vec().map_err(|_| IdError::NotBs58Check)?;
        let bytes: [u8; 16] = bytes.try_into().map_err(|_| IdError::WrongLength)?;
        Ok(Self(bytes))
    }
}

impl fmt::Display for DocumentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&bs58::encode(self.0).with_check().into_string())
    }
}

impl fmt::Debug for DocumentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DocumentId({self})")
    }
}

impl FromStr for DocumentId {
    type Err = IdError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl Serialize for DocumentId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for DocumentId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Self::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdError {
    NotBs58Check,
    WrongLength,
}

impl fmt::Display for IdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IdError::NotBs58Check => f.write_str("not a bs58check document id"),
            IdError::WrongLength => f.write_str("a document id has 16 bytes"),
        }
    }
}

impl std::error::Error for IdError {}

/// A peer's self-chosen name on one connection.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct PeerId(pub String);

impl PeerId {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PeerId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for PeerId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PeerId({})", self.0)
    }
}

impl From<&str> for PeerId {
    fn from(s: &str) -> Self {
        Self(s.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_through_text_and_url() {
        let id = DocumentId::from_random([7; 16]);
        assert_eq!(DocumentId::parse(&id.to_string()).unwrap(), id);
        assert_eq!(DocumentId::parse(&id.url()).unwrap(), id);
        assert!(id.url().starts_with("automerge:"));
    }

    #[test]
    fn reads_an_id_made_by_automerge_repo() {
        // Made by @automerge/automerge-repo 2.x `repo.create().url`.
        let id = DocumentId::parse("automerge:usfbrHpnNTLzHEDoh45NzwstNhw").unwrap();
        assert_eq!(id.as_bytes().len(), 16);
    }

    #[test]
    fn rejects_a_corrupted_id() {
        let mut text = DocumentId::from_random([9; 16]).to_string();
        let last = text.pop().unwrap();
        text.push(if last == 'a' { 'b' } else { 'a' });
        assert_eq!(DocumentId::parse(&text), Err(IdError::NotBs58Check));
    }
}
