//! Gazetteers: known places (`gazetteer/places.tsv`) and organizations
//! (`gazetteer/organizations.tsv`). They help with names the articles abbreviate or that
//! are ambiguous; names they do not know are still found by the rules in `ner`.

use crate::error::{Error, Result};
use std::collections::HashMap;
use std::path::Path;

/// What a gazetteer name stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GazEntry {
    /// The canonical name ("United States").
    pub canonical: String,
    /// Ontology class local name.
    pub class: String,
}

/// Facts about a known place, by canonical name.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PlaceInfo {
    /// Country, State, City or Place.
    pub class: String,
    /// Canonical name of the country a state or city is in.
    pub parent: Option<String>,
    /// ISO currency code of a country.
    pub currency: Option<String>,
    /// For a capital city, the country whose government sits there.
    pub seat_of: Option<String>,
}

/// Known names, looked up by their exact written form.
#[derive(Debug, Clone, Default)]
pub struct Gazetteer {
    /// Written form -> entry.
    pub names: HashMap<String, GazEntry>,
    /// Demonym ("Canadian") -> canonical place name.
    pub demonyms: HashMap<String, String>,
    /// Canonical place name -> facts.
    pub places: HashMap<String, PlaceInfo>,
    /// Longest name length in words, to bound lookups.
    pub max_words: usize,
}

fn field(s: &str) -> Option<&str> {
    let s = s.trim();
    (!s.is_empty() && s != "-").then_some(s)
}

fn list(s: &str) -> impl Iterator<Item = &str> {
    field(s)
        .into_iter()
        .flat_map(|s| s.split(';'))
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

fn rows<'a>(
    path: &'a Path,
    text: &'a str,
    min: usize,
) -> impl Iterator<Item = Result<(usize, Vec<&'a str>)>> + 'a {
    text.lines().enumerate().filter_map(move |(i, line)| {
        if line.trim().is_empty() || line.starts_with('#') {
            return None;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < min {
            return Some(Err(Error::Ontology {
                path: path.to_path_buf(),
                line: i + 1,
                message: format!("expected {min} tab-separated columns, found {}", cols.len()),
            }));
        }
        Some(Ok((i + 1, cols)))
    })
}

const PLACE_CLASSES: [&str; 4] = ["Country", "State", "City", "Place"];

impl Gazetteer {
    fn insert(&mut self, name: &str, canonical: &str, class: &str) {
        self.max_words = self.max_words.max(name.split_whitespace().count());
        self.names
            .entry(name.to_string())
            .or_insert_with(|| GazEntry {
                canonical: canonical.to_string(),
                class: class.to_string(),
            });
    }

    /// Adds `places.tsv`: name, class, aliases, demonyms, parent, currency, seat_of.
    pub fn add_places(&mut self, path: &Path, text: &str) -> Result<()> {
        for row in rows(path, text, 2) {
            let (line, cols) = row?;
            let name = cols[0].trim();
            let class = cols[1].trim();
            if !PLACE_CLASSES.contains(&class) {
                return Err(Error::Ontology {
                    path: path.to_path_buf(),
                    line,
                    message: format!(
                        "unknown place class {class:?} (expected one of {PLACE_CLASSES:?})"
                    ),
                });
            }
            let seat_of = cols.get(6).and_then(|s| field(s)).map(str::to_string);
            if let Some(seat) = &seat_of {
                if self.places.get(seat).is_none_or(|p| p.class != "Country") {
                    return Err(Error::Ontology {
                        path: path.to_path_buf(),
                        line,
                        message: format!("seat_of {seat:?} is not a Country row above this one"),
                    });
                }
            }
            self.insert(name, name, class);
            for alias in list(cols.get(2).copied().unwrap_or("")) {
                self.insert(alias, name, class);
            }
            for demonym in list(cols.get(3).copied().unwrap_or("")) {
                self.demonyms
                    .entry(demonym.to_string())
                    .or_insert_with(|| name.to_string());
            }
            self.places.entry(name.to_string()).or_insert(PlaceInfo {
                class: class.to_string(),
                parent: cols.get(4).and_then(|s| field(s)).map(str::to_string),
                currency: cols.get(5).and_then(|s| field(s)).map(str::to_string),
                seat_of,
            });
        }
        Ok(())
    }

    /// Adds `organizations.tsv`: name, class, aliases.
    pub fn add_organizations(&mut self, path: &Path, text: &str) -> Result<()> {
        for row in rows(path, text, 2) {
            let (_, cols) = row?;
            let name = cols[0].trim();
            let class = cols[1].trim();
            self.insert(name, name, class);
            for alias in list(cols.get(2).copied().unwrap_or("")) {
                self.insert(alias, name, class);
            }
        }
        Ok(())
    }

    /// The entry for an exact written form.
    #[must_use]
    pub fn get(&self, name: &str) -> Option<&GazEntry> {
        self.names.get(name)
    }

    /// The entry for a written form, or for a name in capitals written the usual way
    /// ("NEW ZEALAND" in a wire headline is "New Zealand"; "GM" stays "GM").
    #[must_use]
    pub fn get_any_case(&self, name: &str) -> Option<&GazEntry> {
        self.get(name).or_else(|| {
            let shouted = name.chars().any(char::is_alphabetic)
                && !name.chars().any(char::is_lowercase)
                && name.split(' ').any(|w| w.chars().count() >= 3);
            if !shouted {
                return None;
            }
            let usual: Vec<String> = name
                .split(' ')
                .map(|w| {
                    let mut c = w.chars();
                    c.next().map_or_else(String::new, |f| {
                        f.to_uppercase().collect::<String>() + &c.as_str().to_lowercase()
                    })
                })
                .collect();
            self.get(&usual.join(" "))
        })
    }

    /// The country a place is in (itself for a country).
    #[must_use]
    pub fn country_of<'a>(&'a self, place: &'a str) -> Option<&'a str> {
        let info = self.places.get(place)?;
        if info.class == "Country" {
            Some(place)
        } else {
            info.parent.as_deref()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "#name\tclass\taliases\tdemonyms\tparent\tcurrency\tseat_of\n";

    #[test]
    fn a_capital_names_the_country_it_is_the_seat_of() {
        let text = format!(
            "{HEADER}Freedonia\tCountry\t-\tFreedonian\t-\tFRD\nMarxburg\tCity\t-\t-\tFreedonia\tFRD\tFreedonia\nPortside\tCity\t-\t-\tFreedonia\tFRD\n"
        );
        let mut g = Gazetteer::default();
        g.add_places(Path::new("places.tsv"), &text).unwrap();
        assert_eq!(g.places["Marxburg"].seat_of.as_deref(), Some("Freedonia"));
        assert_eq!(g.places["Portside"].seat_of, None);
        assert_eq!(g.places["Freedonia"].seat_of, None);
    }

    #[test]
    fn a_seat_that_is_no_country_row_is_an_error_naming_the_line() {
        let text = format!("{HEADER}Marxburg\tCity\t-\t-\tFreedonia\tFRD\tFreedonia\n");
        let mut g = Gazetteer::default();
        let err = g
            .add_places(Path::new("places.tsv"), &text)
            .unwrap_err()
            .to_string();
        assert!(err.contains("places.tsv") && err.contains('2'), "{err}");
        assert!(err.contains("seat_of \"Freedonia\""), "{err}");
    }
}
