//! The Tessera Sanitaria's second factor: the last 8 digits of the card's number are never
//! stored. Dossiers hold only an HMAC keyed with a secret that never leaves the relay (a
//! "pepper" in the data directory), so nobody holding a dossier can recover the digits by
//! trying all 10^8 of them; the relay recomputes it to check a citizen at a totem.

use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::path::Path;

const PEPPER_FILE: &str = "card-pepper";
const PREFIX: &str = "hmac-sha256:v1:";

pub struct CardPepper([u8; 32]);

impl CardPepper {
    /// Reads the pepper from the data directory, creating it on first start.
    pub fn open(data_dir: &Path) -> std::io::Result<Self> {
        let path = data_dir.join(PEPPER_FILE);
        match std::fs::read(&path) {
            Ok(bytes) if bytes.len() == 32 => Ok(Self(bytes.try_into().expect("32 bytes"))),
            Ok(_) => Err(std::io::Error::new(std::io::ErrorKind::InvalidData, "card-pepper must hold 32 bytes")),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let pepper = crate::auth::random_bytes::<32>();
                std::fs::write(&path, pepper)?;
                Ok(Self(pepper))
            }
            Err(e) => Err(e),
        }
    }

    #[cfg(test)]
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    fn digits_mac(&self, codice_fiscale: &str, digits: &str) -> Hmac<Sha256> {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.0).expect("HMAC takes any key length");
        mac.update(codice_fiscale.as_bytes());
        mac.update(b"\0");
        mac.update(digits.as_bytes());
        mac
    }

    /// The value stored in the dossier for these digits of this person's card.
    pub fn digits_hash(&self, codice_fiscale: &str, digits: &str) -> String {
        format!("{PREFIX}{}", crate::auth::hex(&self.digits_mac(codice_fiscale, digits).finalize().into_bytes()))
    }

    /// The key under which failed identifications of a codice fiscale are counted, so the
    /// lockout table holds no codice fiscale in clear.
    pub fn lockout_subject(&self, codice_fiscale: &str) -> Vec<u8> {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.0).expect("HMAC takes any key length");
        mac.update(b"lockout\0");
        mac.update(codice_fiscale.as_bytes());
        mac.finalize().into_bytes().to_vec()
    }

    /// Whether `digits` match a stored hash, in constant time.
    pub fn verify(&self, codice_fiscale: &str, digits: &str, stored: &str) -> bool {
        let Some(hex) = stored.strip_prefix(PREFIX) else { return false };
        let Some(expected) = decode_hex(hex) else { return false };
        self.digits_mac(codice_fiscale, digits).verify_slice(&expected).is_ok()
    }
}

fn decode_hex(s: &str) -> Option<Vec<u8>> {
    s.len().is_multiple_of(2).then_some(())?;
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_hides_the_digits_and_verifies_them() {
        let pepper = CardPepper::from_bytes([9; 32]);
        let h = pepper.digits_hash("RSSMRA80A01H501U", "12345678");
        assert!(!h.contains("12345678"));
        assert!(pepper.verify("RSSMRA80A01H501U", "12345678", &h));
        assert!(!pepper.verify("RSSMRA80A01H501U", "12345679", &h));
        assert!(!pepper.verify("VRDLCU95T41A662K", "12345678", &h));
        assert!(!CardPepper::from_bytes([8; 32]).verify("RSSMRA80A01H501U", "12345678", &h));
        assert!(!pepper.verify("RSSMRA80A01H501U", "12345678", "garbage"));
    }
}
