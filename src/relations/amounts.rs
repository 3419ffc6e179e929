//! Reads money amounts ("$1 billion", "US$750 million", "£3bn") and counts ("12,000",
//! "1.5 million") as numbers.

use std::collections::BTreeMap;

/// English numerals written as words, as they come before a scale ("two billion").
const NUMBER_WORDS: [(&str, f64); 14] = [
    ("one", 1.0),
    ("two", 2.0),
    ("three", 3.0),
    ("four", 4.0),
    ("five", 5.0),
    ("six", 6.0),
    ("seven", 7.0),
    ("eight", 8.0),
    ("nine", 9.0),
    ("ten", 10.0),
    ("twelve", 12.0),
    ("twenty", 20.0),
    ("fifty", 50.0),
    ("hundred", 100.0),
];

/// A number with an optional scale word: "12,000" -> 12000, "1.5 million" -> 1500000,
/// "two billion" -> 2000000000. Words before the number ("about", "more than") are
/// skipped.
#[must_use]
pub fn number(text: &str) -> Option<f64> {
    let word_value = |w: &str| {
        let w = w.to_lowercase();
        NUMBER_WORDS.iter().find(|(n, _)| *n == w).map(|&(_, v)| v)
    };
    let mut words = text
        .split_whitespace()
        .skip_while(|w| !w.starts_with(|c: char| c.is_ascii_digit()) && word_value(w).is_none());
    let first = words.next()?;
    let value = match word_value(first) {
        Some(v) => v,
        None => {
            let digits: String = first
                .chars()
                .filter(|c| c.is_ascii_digit() || *c == '.')
                .collect();
            digits.trim_end_matches('.').parse().ok()?
        }
    };
    let scale = match words.next().map(str::to_lowercase).as_deref() {
        Some("thousand") => 1e3,
        Some("million" | "mln" | "m") => 1e6,
        Some("billion" | "bn" | "bln") => 1e9,
        Some("trillion") => 1e12,
        _ => 1.0,
    };
    Some((value * scale).round())
}

/// A money amount and its ISO currency. A bare `$` is the dollar of `home_currency` when
/// that is a dollar (CAD, AUD...), else US dollars. Amounts written with a currency word
/// ("110 mln dlrs", "5 billion yen", "20 mln Canadian dlrs") read the word in
/// `currency_words` (lower-case phrase -> ISO code, or `$` for the home dollar).
#[must_use]
pub fn money(
    text: &str,
    home_currency: Option<&str>,
    currency_words: &BTreeMap<String, String>,
) -> Option<(f64, String)> {
    let home_dollar = || match home_currency {
        Some(c) if c.ends_with('D') => c.to_string(),
        _ => "USD".to_string(),
    };
    let Some(symbol_at) = text.find(['$', '£', '€', '¥']) else {
        let lower = text.to_lowercase();
        let (phrase, code) = currency_words
            .iter()
            .filter(|(w, _)| lower.ends_with(&format!(" {w}")))
            .max_by_key(|(w, _)| w.len())?;
        let value = number(&spaced(&lower[..lower.len() - phrase.len() - 1]))?;
        let currency = if code == "$" {
            home_dollar()
        } else {
            code.clone()
        };
        return Some((value, currency));
    };
    // "about US$" -> "US"
    let prefix = text[..symbol_at]
        .split_whitespace()
        .last()
        .unwrap_or("")
        .to_uppercase();
    let symbol = text[symbol_at..].chars().next()?;
    let rest = text[symbol_at + symbol.len_utf8()..].trim();
    let value = number(&spaced(rest))?;
    let currency = match (symbol, prefix.as_str()) {
        ('£', _) => "GBP".to_string(),
        ('€', _) => "EUR".to_string(),
        ('¥', _) => "JPY".to_string(),
        ('$', "US") => "USD".to_string(),
        ('$', "C" | "CDN" | "CA") => "CAD".to_string(),
        ('$', "A" | "AU") => "AUD".to_string(),
        ('$', "NZ") => "NZD".to_string(),
        ('$', "HK") => "HKD".to_string(),
        _ => home_dollar(),
    };
    Some((value, currency))
}

/// A scale written onto the number spaced off: "3bn" -> "3 bn", "400m" -> "400 m".
fn spaced(text: &str) -> String {
    let text = text.trim();
    text.find(|c: char| c.is_alphabetic())
        .filter(|&i| i > 0 && !text[..i].ends_with(' '))
        .map_or_else(
            || text.to_string(),
            |i| format!("{} {}", &text[..i], &text[i..]),
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_with_separators_and_scales() {
        assert_eq!(number("12,000"), Some(12000.0));
        assert_eq!(number("1.5 million"), Some(1_500_000.0));
        assert_eq!(number("9,400"), Some(9400.0));
        assert_eq!(number("about 900 mln"), Some(9e8));
        assert_eq!(number("two billion"), Some(2e9));
        assert_eq!(number("more than 1,000"), Some(1000.0));
        assert_eq!(number("several"), None);
    }

    fn money(text: &str, home: Option<&str>) -> Option<(f64, String)> {
        let words: BTreeMap<String, String> = [
            ("dlrs", "$"),
            ("u.s. dlrs", "USD"),
            ("canadian dlrs", "CAD"),
            ("yen", "JPY"),
        ]
        .into_iter()
        .map(|(w, c)| (w.to_string(), c.to_string()))
        .collect();
        super::money(text, home, &words)
    }

    #[test]
    fn money_with_currency_from_symbol_or_country() {
        assert_eq!(money("$1 billion", Some("CAD")), Some((1e9, "CAD".into())));
        assert_eq!(
            money("US$750 million", Some("CAD")),
            Some((7.5e8, "USD".into()))
        );
        assert_eq!(money("$3 billion", Some("EUR")), Some((3e9, "USD".into())));
        assert_eq!(money("£3bn", None), Some((3e9, "GBP".into())));
        assert_eq!(money("$250 million", None), Some((2.5e8, "USD".into())));
    }

    #[test]
    fn money_with_currency_words() {
        assert_eq!(
            money("110 mln dlrs", Some("CAD")),
            Some((1.1e8, "CAD".into()))
        );
        assert_eq!(money("110 mln dlrs", None), Some((1.1e8, "USD".into())));
        assert_eq!(
            money("20 mln Canadian dlrs", Some("USD")),
            Some((2e7, "CAD".into()))
        );
        assert_eq!(
            money("1.5 billion U.S. dlrs", Some("CAD")),
            Some((1.5e9, "USD".into()))
        );
        assert_eq!(money("5 billion yen", None), Some((5e9, "JPY".into())));
        assert_eq!(money("400m yen", None), Some((4e8, "JPY".into())));
        assert_eq!(money("12 widgets", None), None);
        assert_eq!(
            money("about two billion Canadian dlrs", None),
            Some((2e9, "CAD".into()))
        );
        assert_eq!(money("some US$5 million", None), Some((5e6, "USD".into())));
    }
}
