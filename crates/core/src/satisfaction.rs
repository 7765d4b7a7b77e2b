//! The satisfaction survey a citizen answers after a ticket is served: a rating of the
//! service area from 1 to 5 and an optional comment, summed up per area and month for the
//! CPI's monitoring.

use crate::catalogue::Area;
use serde::Serialize;

/// The longest comment kept, in characters.
pub const MAX_COMMENT_CHARS: usize = 500;

/// A valid answer: rating 1-5 and a trimmed comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub rating: u8,
    pub comment: String,
}

/// Why an answer was refused, with the Italian message shown to the citizen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnswerError {
    RatingOutOfRange,
    CommentTooLong,
}

impl AnswerError {
    pub fn message_it(self) -> &'static str {
        match self {
            AnswerError::RatingOutOfRange => "Scegli un voto da 1 a 5.",
            AnswerError::CommentTooLong => "Il commento è troppo lungo: al massimo 500 caratteri.",
        }
    }
}

impl Answer {
    pub fn new(rating: u8, comment: &str) -> Result<Answer, AnswerError> {
        if !(1..=5).contains(&rating) {
            return Err(AnswerError::RatingOutOfRange);
        }
        let comment = comment.trim();
        if comment.chars().count() > MAX_COMMENT_CHARS {
            return Err(AnswerError::CommentTooLong);
        }
        Ok(Answer { rating, comment: comment.to_string() })
    }
}

/// One area's answers in a month.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AreaSatisfaction {
    pub area: Area,
    pub responses: u32,
    /// Mean rating, `None` without answers.
    pub mean: Option<f64>,
    /// How many gave 1, 2, 3, 4, 5.
    pub counts: [u32; 5],
}

/// Sums ratings by area (in area order; areas without answers are left out).
pub fn by_area(ratings: impl IntoIterator<Item = (Area, u8)>) -> Vec<AreaSatisfaction> {
    let mut counts = [[0u32; 5]; Area::ALL.len()];
    for (area, rating) in ratings {
        if (1..=5).contains(&rating) {
            counts[area as usize][usize::from(rating - 1)] += 1;
        }
    }
    Area::ALL
        .into_iter()
        .zip(counts)
        .filter(|(_, c)| c.iter().sum::<u32>() > 0)
        .map(|(area, counts)| {
            let responses: u32 = counts.iter().sum();
            let total: u32 = counts.iter().zip(1u32..).map(|(n, r)| n * r).sum();
            AreaSatisfaction { area, responses, mean: Some(f64::from(total) / f64::from(responses)), counts }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_checked() {
        assert_eq!(Answer::new(0, ""), Err(AnswerError::RatingOutOfRange));
        assert_eq!(Answer::new(6, ""), Err(AnswerError::RatingOutOfRange));
        assert_eq!(Answer::new(5, "  grazie  ").unwrap().comment, "grazie");
        assert_eq!(Answer::new(3, &"à".repeat(501)), Err(AnswerError::CommentTooLong));
        assert!(Answer::new(3, &"à".repeat(500)).is_ok());
        assert!(AnswerError::CommentTooLong.message_it().contains("500"));
    }

    #[test]
    fn ratings_sum_up_per_area() {
        let summary = by_area([(Area::B, 5), (Area::A, 2), (Area::B, 4), (Area::B, 3), (Area::A, 9)]);
        assert_eq!(summary.len(), 2);
        assert_eq!(summary[0].area, Area::A);
        assert_eq!((summary[0].responses, summary[0].mean), (1, Some(2.0)));
        assert_eq!(summary[1].counts, [0, 0, 1, 1, 1]);
        assert_eq!(summary[1].mean, Some(4.0));
    }
}
