//! The password policy of operator accounts: at least [`MIN_LENGTH`] characters, none of the
//! account's own data (username, name, CPI), and a strength score of at least [`MIN_SCORE`]
//! from an estimator that is passed in (the relay uses zxcvbn with [`user_inputs`], which this
//! pure crate cannot depend on: it reads the clock).

use crate::search::fold;

pub const MIN_LENGTH: usize = 12;
/// zxcvbn's scale 0-4; 3 is "safely unguessable" (about 10^8 guesses and more).
pub const MIN_SCORE: u8 = 3;

/// Why a new password is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordProblem {
    TooShort,
    /// It holds the username, a word of the name or the CPI.
    AccountData,
    /// The estimator scored it below [`MIN_SCORE`].
    TooWeak,
}

impl PasswordProblem {
    pub fn message_it(self) -> &'static str {
        match self {
            PasswordProblem::TooShort => "La password deve avere almeno 12 caratteri.",
            PasswordProblem::AccountData => {
                "La password non può contenere il nome utente, il nome o il CPI dell'account."
            }
            PasswordProblem::TooWeak => {
                "Password troppo facile da indovinare: usa più parole non comuni, numeri o simboli."
            }
        }
    }
}

/// The account's own data, as the estimator's user inputs: the username and its parts, the
/// words of the name, the CPI's slug and its parts (folded: lower case, no accents).
pub fn user_inputs(username: &str, name: &str, cpi: &str) -> Vec<String> {
    let mut inputs: Vec<String> = Vec::new();
    for whole in [username, cpi] {
        inputs.push(fold(whole));
    }
    for text in [username, name, cpi] {
        for word in fold(text).split(|c: char| !c.is_alphanumeric()) {
            if word.chars().count() >= 3 {
                inputs.push(word.to_owned());
            }
        }
    }
    inputs.sort();
    inputs.dedup();
    inputs.retain(|i| !i.is_empty());
    inputs
}

/// Checks `password` against the policy; `score` estimates its strength (0-4) given the
/// account's user inputs.
pub fn check(
    password: &str,
    inputs: &[String],
    score: impl FnOnce(&str, &[&str]) -> u8,
) -> Result<(), PasswordProblem> {
    if password.chars().count() < MIN_LENGTH {
        return Err(PasswordProblem::TooShort);
    }
    let folded = fold(password);
    if inputs.iter().any(|i| i.chars().count() >= 3 && folded.contains(i.as_str())) {
        return Err(PasswordProblem::AccountData);
    }
    let inputs: Vec<&str> = inputs.iter().map(String::as_str).collect();
    if score(password, &inputs) < MIN_SCORE {
        return Err(PasswordProblem::TooWeak);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strong(_: &str, _: &[&str]) -> u8 {
        4
    }

    #[test]
    fn a_password_needs_twelve_characters() {
        let inputs = user_inputs("anna.neri", "Anna Neri", "bari");
        assert_eq!(check("corto-1234", &inputs, strong), Err(PasswordProblem::TooShort));
        // Characters, not bytes: eleven accented letters are too short.
        assert_eq!(check("èèèèèèèèèèè", &inputs, strong), Err(PasswordProblem::TooShort));
        assert_eq!(check("tramonto-viola-42", &inputs, strong), Ok(()));
    }

    #[test]
    fn the_account_own_data_is_refused_whatever_the_case_or_accents() {
        let inputs = user_inputs("operatore.bari", "Lucía Ferri", "bari");
        assert_eq!(check("Ciao-LUCIA-2026!", &inputs, strong), Err(PasswordProblem::AccountData));
        assert_eq!(check("XoperatoreX-991", &inputs, strong), Err(PasswordProblem::AccountData));
        assert_eq!(check("sole-di-BARI-77x", &inputs, strong), Err(PasswordProblem::AccountData));
    }

    #[test]
    fn the_estimator_decides_strength_and_sees_the_account_inputs() {
        let inputs = user_inputs("anna.neri", "Anna Neri", "bari");
        let mut seen = Vec::new();
        let verdict = check("aaaaaaaaaaaaaaaa", &inputs, |_, given| {
            seen = given.iter().map(|s| s.to_string()).collect();
            2
        });
        assert_eq!(verdict, Err(PasswordProblem::TooWeak));
        assert_eq!(seen, inputs);
        assert!(inputs.contains(&"anna".to_owned()) && inputs.contains(&"neri".to_owned()));
        assert_eq!(check("aaaaaaaaaaaaaaaa", &inputs, |_, _| MIN_SCORE), Ok(()));
    }
}
