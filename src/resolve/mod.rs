//! Resolution: mentions -> entities. Every name form of one thing in an article becomes one
//! [`Entity`] with a deterministic IRI minted from its canonical name, so the same thing gets
//! the same IRI in every article and every build.
//!
//! - [`aliases`]: merges proper names (gazetteer forms, legal suffixes, acronyms and their
//!   expansions, surnames, misspellings) and picks each entity's canonical name and class;
//! - [`coref`]: links nominals and pronouns ("the union", "he", "the two automakers") to the
//!   entities they refer back to, for the relation and quotation stages.

pub mod aliases;
pub mod coref;

use crate::model::Entity;
use crate::ontology::vocab;

/// Entities of one article and what each mention refers to.
#[derive(Debug, Clone, Default)]
pub struct Resolution {
    /// Entities, sorted by IRI.
    pub entities: Vec<Entity>,
    /// For each mention (same order as the input), the indices of the entities it refers to
    /// (several for "the federal and Ontario governments"; none when unresolved).
    pub refers: Vec<Vec<usize>>,
}

/// The entity IRI for a canonical name: lower-case ASCII letters and digits joined by `-`
/// (accents folded), so "Générale Motors Corp" and "generale-motors-corp" agree.
#[must_use]
pub fn entity_iri(name: &str) -> String {
    format!("{}{}", vocab::ENTITY, slug(name))
}

/// Lower-case, accent-folded, `-`-joined slug of a name.
#[must_use]
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in name.chars().flat_map(fold) {
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c.to_ascii_lowercase());
        } else if c == '&' {
            if !out.is_empty() {
                out.push('-');
            }
            out.push_str("and");
            dash = true;
        } else if c != '.' && c != '\'' && c != '’' {
            dash = true;
        }
    }
    if out.is_empty() {
        out.push_str("unnamed");
    }
    out
}

/// Folds common Latin accented letters to ASCII.
fn fold(c: char) -> Vec<char> {
    let s = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => "a",
        'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => "A",
        'ç' => "c",
        'Ç' => "C",
        'è' | 'é' | 'ê' | 'ë' => "e",
        'È' | 'É' | 'Ê' | 'Ë' => "E",
        'ì' | 'í' | 'î' | 'ï' => "i",
        'Ì' | 'Í' | 'Î' | 'Ï' => "I",
        'ñ' => "n",
        'Ñ' => "N",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => "o",
        'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' => "O",
        'ù' | 'ú' | 'û' | 'ü' => "u",
        'Ù' | 'Ú' | 'Û' | 'Ü' => "U",
        'ý' | 'ÿ' => "y",
        'ß' => "ss",
        'æ' => "ae",
        'œ' => "oe",
        _ => return vec![c],
    };
    s.chars().collect()
}

/// Resolves the mentions of one article: names merged into entities, nominals and pronouns
/// linked to them. Entities come out sorted by IRI, with `refers` indices to match.
#[must_use]
pub fn resolve(
    text: &str,
    mentions: &[crate::model::Mention],
    kb: &crate::ontology::Knowledge,
) -> Resolution {
    let (mut entities, mut refers) = aliases::merge(mentions, kb);
    coref::link(text, mentions, &mut entities, &mut refers, kb);
    // Sort by IRI and renumber.
    let mut order: Vec<usize> = (0..entities.len()).collect();
    order.sort_by(|&a, &b| entities[a].iri.cmp(&entities[b].iri));
    let mut new_index = vec![0; entities.len()];
    for (new, &old) in order.iter().enumerate() {
        new_index[old] = new;
    }
    let mut sorted: Vec<Option<Entity>> = entities.into_iter().map(Some).collect();
    let entities = order.iter().filter_map(|&old| sorted[old].take()).collect();
    for r in &mut refers {
        for e in r.iter_mut() {
            *e = new_index[*e];
        }
    }
    Resolution { entities, refers }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::model::{Mention, MentionKind, Span};

    fn mention(surface: &str, class: &str, kind: MentionKind, rule: &str, start: usize) -> Mention {
        Mention {
            span: Span::new(start, start + surface.len()),
            surface: surface.into(),
            class: class.into(),
            kind,
            sentence: start / 100,
            rule: rule.into(),
            targets: vec![],
            target_aliases: vec![],
        }
    }

    #[test]
    fn nominals_and_pronouns_record_what_they_were_linked_through() {
        let kb = crate::ner::tests::kb();
        let mentions = vec![
            mention(
                "Lakeshore Workers Union",
                "WorkersUnion",
                MentionKind::Name,
                "org-suffix",
                0,
            ),
            mention(
                "Priya Venkataraman",
                "Person",
                MentionKind::Name,
                "given-name",
                50,
            ),
            mention(
                "the union",
                "WorkersUnion",
                MentionKind::Nominal,
                "nominal",
                100,
            ),
            mention("she", "Person", MentionKind::Pronoun, "pronoun", 200),
            mention("she", "Person", MentionKind::Pronoun, "pronoun", 300),
        ];
        let text = " ".repeat(400);
        let r = resolve(&text, &mentions, &kb);
        let union = &r.entities[r.refers[2][0]];
        assert_eq!(union.name, "Lakeshore Workers");
        let link = |e: &Entity, start: usize| {
            let l = e
                .mentions
                .iter()
                .find(|l| l.span.start == start)
                .expect("link");
            (l.rule.clone(), l.linked_to.clone())
        };
        assert_eq!(
            link(union, 100),
            ("nominal".into(), "Lakeshore Workers Union".into())
        );
        assert_eq!(
            link(union, 0),
            ("legal-suffix".into(), "Lakeshore Workers".into())
        );
        let priya = &r.entities[r.refers[4][0]];
        assert_eq!(priya.name, "Priya Venkataraman");
        // The second "she" is linked through the name too, not through the first "she".
        assert_eq!(
            link(priya, 300),
            ("pronoun".into(), "Priya Venkataraman".into())
        );
    }

    #[test]
    fn iris_are_deterministic_slugs() {
        assert_eq!(slug("General Motors"), "general-motors");
        assert_eq!(slug("U.S. Steel"), "us-steel");
        assert_eq!(slug("AT&T"), "at-and-t");
        assert_eq!(slug("Société Générale"), "societe-generale");
        assert_eq!(slug("Chrysler's"), "chryslers");
        assert_eq!(
            entity_iri("Ken Lewenza"),
            format!("{}ken-lewenza", vocab::ENTITY)
        );
    }
}
