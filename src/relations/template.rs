//! Sentence templates: the sentence text with each resolved mention replaced by `⟦n⟧`,
//! where `n` indexes the sentence's slots. Rules are regexes over templates, so they read
//! "⟦0⟧ president ⟦1⟧ said" whatever the names are.

use crate::model::{Mention, Sentence, Span};

/// One mention in a template.
#[derive(Debug, Clone)]
pub struct Slot {
    /// Index of the mention in the article's mention list.
    pub mention: usize,
    /// The entities it refers to.
    pub entities: Vec<usize>,
}

/// A sentence rewritten with slots.
#[derive(Debug, Clone)]
pub struct Template {
    /// The rewritten text, white space collapsed to single spaces.
    pub text: String,
    /// Slots, in text order.
    pub slots: Vec<Slot>,
}

impl Template {
    /// Builds the template of `sentence`, using every mention inside it that refers to at
    /// least one entity.
    #[must_use]
    pub fn new(
        text: &str,
        sentence: &Sentence,
        mentions: &[Mention],
        refers: &[Vec<usize>],
    ) -> Self {
        let mut out = String::new();
        let mut slots = Vec::new();
        let mut pos = sentence.span.start;
        for (i, m) in mentions.iter().enumerate() {
            if !sentence.span.contains(&m.span) || m.span.start < pos || refers[i].is_empty() {
                continue;
            }
            push_text(&mut out, Span::new(pos, m.span.start).slice(text));
            out.push_str(&format!("⟦{}⟧", slots.len()));
            slots.push(Slot {
                mention: i,
                entities: refers[i].clone(),
            });
            pos = m.span.end;
        }
        push_text(&mut out, Span::new(pos, sentence.span.end).slice(text));
        Self { text: out, slots }
    }

    /// The slot indices written inside `part` of the template ("⟦0⟧ and ⟦2⟧" -> [0, 2]).
    #[must_use]
    pub fn slots_in(part: &str) -> Vec<usize> {
        part.split('⟦')
            .skip(1)
            .filter_map(|rest| rest.split('⟧').next())
            .filter_map(|n| n.parse().ok())
            .collect()
    }

    /// The template with slot markers removed, for checking words such as negations.
    #[must_use]
    pub fn words_only(part: &str) -> String {
        let mut out = String::new();
        let mut inside = false;
        for c in part.chars() {
            match c {
                '⟦' => inside = true,
                '⟧' => {
                    inside = false;
                    out.push('X');
                }
                _ if !inside => out.push(c),
                _ => {}
            }
        }
        out
    }
}

fn push_text(out: &mut String, s: &str) {
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            space = true;
        } else {
            if space {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    if space {
        out.push(' ');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slot_numbers_are_read_back() {
        assert_eq!(Template::slots_in("⟦0⟧ and ⟦12⟧'s"), vec![0, 12]);
        assert_eq!(Template::words_only("⟦0⟧ did not ⟦1⟧"), "X did not X");
    }
}
