//! The rules of the company record that follow from its numbers: the L.68/99 reserved quota
//! and the size and turnover bands the campaign segments by.

/// Workers with disabilities a private employer must employ (L.68/99 art. 3 c. 1), from its
/// computable staff (art. 4: the operator enters the count, after the exclusions the law
/// lists): 15-35 → 1, 36-50 → 2, over 50 → 7%, where a fraction above one half counts as a
/// whole worker (DPR 333/2000, art. 3).
pub fn l68_reserved_quota(computable_employees: u32) -> u32 {
    match computable_employees {
        0..=14 => 0,
        15..=35 => 1,
        36..=50 => 2,
        n => percent_rounded(n, 7),
    }
}

/// The further quota for the categories of L.68/99 art. 18 c. 2 (orphans, spouses of
/// victims of work, refugees...): one worker from 51 to 150 computable employees, 1% above,
/// with the same rounding.
pub fn l68_art18_quota(computable_employees: u32) -> u32 {
    match computable_employees {
        0..=50 => 0,
        51..=150 => 1,
        n => percent_rounded(n, 1),
    }
}

/// `percent`% of `n`, a remainder above one half rounded up.
fn percent_rounded(n: u32, percent: u32) -> u32 {
    let hundredths = u64::from(n) * u64::from(percent);
    let whole = hundredths / 100 + u64::from(hundredths % 100 > 50);
    u32::try_from(whole).unwrap_or(u32::MAX)
}

/// A company's size by employees, as the EU defines SMEs (Recommendation 2003/361/EC).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SizeBand {
    /// Fewer than 10.
    Micro,
    /// 10-49.
    Small,
    /// 50-249.
    Medium,
    /// 250 or more.
    Large,
}

impl SizeBand {
    pub const ALL: [SizeBand; 4] = [SizeBand::Micro, SizeBand::Small, SizeBand::Medium, SizeBand::Large];

    pub fn of(employees: u32) -> SizeBand {
        match employees {
            0..=9 => SizeBand::Micro,
            10..=49 => SizeBand::Small,
            50..=249 => SizeBand::Medium,
            _ => SizeBand::Large,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            SizeBand::Micro => "micro",
            SizeBand::Small => "piccola",
            SizeBand::Medium => "media",
            SizeBand::Large => "grande",
        }
    }

    pub fn from_code(code: &str) -> Option<SizeBand> {
        SizeBand::ALL.into_iter().find(|b| b.code() == code)
    }

    pub fn label_it(self) -> &'static str {
        match self {
            SizeBand::Micro => "Microimpresa (meno di 10 dipendenti)",
            SizeBand::Small => "Piccola impresa (10-49 dipendenti)",
            SizeBand::Medium => "Media impresa (50-249 dipendenti)",
            SizeBand::Large => "Grande impresa (250 dipendenti e oltre)",
        }
    }
}

/// Annual turnover, in the EU's SME thresholds (a company tells the band, not the figure).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum TurnoverBand {
    #[default]
    Undeclared,
    UpTo2M,
    From2To10M,
    From10To50M,
    Over50M,
}

impl TurnoverBand {
    pub const ALL: [TurnoverBand; 5] = [
        TurnoverBand::Undeclared,
        TurnoverBand::UpTo2M,
        TurnoverBand::From2To10M,
        TurnoverBand::From10To50M,
        TurnoverBand::Over50M,
    ];

    /// Stored in the record and the index line.
    pub fn code(self) -> &'static str {
        match self {
            TurnoverBand::Undeclared => "",
            TurnoverBand::UpTo2M => "fino_2m",
            TurnoverBand::From2To10M => "2m_10m",
            TurnoverBand::From10To50M => "10m_50m",
            TurnoverBand::Over50M => "oltre_50m",
        }
    }

    /// An unknown code reads as undeclared.
    pub fn from_code(code: &str) -> TurnoverBand {
        TurnoverBand::ALL.into_iter().find(|b| b.code() == code).unwrap_or_default()
    }

    pub fn label_it(self) -> &'static str {
        match self {
            TurnoverBand::Undeclared => "Non dichiarato",
            TurnoverBand::UpTo2M => "Fino a 2 milioni di euro",
            TurnoverBand::From2To10M => "Da 2 a 10 milioni di euro",
            TurnoverBand::From10To50M => "Da 10 a 50 milioni di euro",
            TurnoverBand::Over50M => "Oltre 50 milioni di euro",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_l68_quota_at_the_thresholds() {
        let at = |n| l68_reserved_quota(n);
        assert_eq!(at(0), 0);
        assert_eq!(at(14), 0);
        assert_eq!(at(15), 1);
        assert_eq!(at(35), 1);
        assert_eq!(at(36), 2);
        assert_eq!(at(50), 2);
        // 7% of 51 is 3.57: the fraction above one half counts as a worker.
        assert_eq!(at(51), 4);
        assert_eq!(at(100), 7);
        // 7% of 57 is 3.99, of 64 4.48 (stays 4), of 65 4.55 (becomes 5).
        assert_eq!((at(57), at(64), at(65)), (4, 4, 5));
    }

    #[test]
    fn the_art18_quota() {
        assert_eq!((l68_art18_quota(50), l68_art18_quota(51), l68_art18_quota(150)), (0, 1, 1));
        // 1% of 250 is 2.5 (not above one half), of 260 2.6.
        assert_eq!((l68_art18_quota(250), l68_art18_quota(260)), (2, 3));
    }

    #[test]
    fn size_bands_at_their_limits() {
        let bands: Vec<SizeBand> = [0, 9, 10, 49, 50, 249, 250].into_iter().map(SizeBand::of).collect();
        use SizeBand::*;
        assert_eq!(bands, [Micro, Micro, Small, Small, Medium, Medium, Large]);
        for band in SizeBand::ALL {
            assert_eq!(SizeBand::from_code(band.code()), Some(band));
        }
        assert_eq!(SizeBand::from_code("enorme"), None);
    }

    #[test]
    fn turnover_bands_round_trip_and_unknown_reads_undeclared() {
        for band in TurnoverBand::ALL {
            assert_eq!(TurnoverBand::from_code(band.code()), band);
        }
        assert_eq!(TurnoverBand::from_code("tanto"), TurnoverBand::Undeclared);
        assert_eq!(TurnoverBand::From2To10M.label_it(), "Da 2 a 10 milioni di euro");
    }
}
