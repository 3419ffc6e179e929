//! Mention detection: sentences with tokens -> entity mentions, each with its span, its
//! ontology class and the rule that found it.
//!
//! - [`names`]: proper names from runs of capitalized tokens, split at titles and calendar
//!   words, typed by gazetteer, organization suffixes, titles, given names and context;
//! - [`phrases`]: government phrases ("the federal and Ontario governments"), countries that
//!   act ("Canada announced"), nominals ("the union") and pronouns ("he").
//!
//! - [`tagger`]: a trained sequence tagger (averaged perceptron) for PER/ORG/LOC/MISC,
//!   loaded from a model file; [`conll`] reads CoNLL-2003 files and scores it;
//! - [`learned`]: combines the tagger with the rules: names the rules found only by
//!   their weakest guesses are retyped or dropped by the tagger, and names the rules
//!   missed are added.
//!
//! Also works out the article's main country and province, which "federal government",
//! "Prime Minister" and "$" refer to. Does not merge mentions: that is `resolve`.

pub mod conll;
pub mod learned;
pub mod names;
pub mod phrases;
pub mod tagger;

use crate::model::{Document, Mention, MentionKind, Sentence, Span};
use crate::ontology::{Knowledge, Lexicon};
use std::collections::BTreeMap;

/// Mentions of one article plus the article-level context they were read in.
#[derive(Debug, Clone, Default)]
pub struct Mentions {
    /// All mentions, sorted by position.
    pub mentions: Vec<Mention>,
    /// The country the article is mostly about (canonical gazetteer name).
    pub country: Option<String>,
    /// The province or state the article is mostly about.
    pub region: Option<String>,
}

/// Finds the mentions in an article's sentences.
#[must_use]
pub fn detect(doc: &Document, sentences: &[Sentence], kb: &Knowledge) -> Mentions {
    let mut mentions = names::detect(doc, sentences, kb);
    if let Some(tagger) = &kb.tagger {
        learned::combine(doc, sentences, tagger, &kb.lexicon, &mut mentions);
    }
    mentions.retain(|m| !is_ticker(&doc.text, m));
    add_defined_names(doc, kb, &mut mentions);
    for m in &mut mentions {
        if m.class == "Person" && is_bracketed(&doc.text, m) {
            // The wires bracket company names ("<Regie Nationale des Usines Renault>").
            m.class = "Corporation".into();
        }
    }
    agree_in_coordination(&doc.text, &mut mentions);
    retype_by_context(&doc.text, &kb.lexicon, &mut mentions);
    let (country, region) = main_places(doc, sentences, &mentions, kb);
    phrases::add_governments(
        doc,
        sentences,
        kb,
        country.as_deref(),
        region.as_deref(),
        &mut mentions,
    );
    phrases::add_acting_places(doc, sentences, kb, &mut mentions);
    phrases::add_nominals_and_pronouns(doc, sentences, kb, &mut mentions);
    mentions.sort_by_key(|m| (m.span.start, std::cmp::Reverse(m.span.end)));
    Mentions {
        mentions,
        country,
        region,
    }
}

/// "shares in Deutsche Boerse", "Sina's shareholders": a name that stands where only an
/// organization can (the lexicon's `organization_context_before` and `_after`) is an
/// organization, rule `organization-context`, when nothing surer than a guess typed it a
/// person or a place. Resolution types the whole entity by its surest mention, so one
/// such context corrects every mention of the name.
fn retype_by_context(text: &str, lex: &Lexicon, mentions: &mut [Mention]) {
    let guess = names::strength("given-name");
    for m in mentions.iter_mut() {
        if m.kind != MentionKind::Name
            || !matches!(m.class.as_str(), "Person" | "Place")
            || names::strength(&m.rule) > guess
        {
            continue;
        }
        let (preceded, followed) = organization_context(text, lex, m.span);
        if preceded || followed {
            m.class = "Organization".into();
            m.rule = "organization-context".into();
        }
    }
}

/// Whether the words right before `span` are one of the lexicon's
/// `organization_context_before`, and whether those right after are one of `_after`.
fn organization_context(text: &str, lex: &Lexicon, span: Span) -> (bool, bool) {
    // Lower case, one space between words, both apostrophes written "'".
    let fold = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
            .replace('\u{2019}', "'")
    };
    let near = |from: usize, to: usize| {
        let (mut a, mut b) = (from, to.min(text.len()));
        while !text.is_char_boundary(a) {
            a -= 1;
        }
        while !text.is_char_boundary(b) {
            b += 1;
        }
        fold(&text[a..b])
    };
    let before = near(span.start.saturating_sub(60), span.start);
    let after = near(span.end, span.end + 60);
    let spaced = text[span.end..].starts_with(char::is_whitespace);
    let preceded = lex.organization_context_before.iter().any(|c| {
        before
            .strip_suffix(c.as_str())
            .is_some_and(|head| head.is_empty() || head.ends_with(' '))
    });
    // A possessive context follows the name directly, any other after a space.
    let followed = lex.organization_context_after.iter().any(|c| {
        (spaced || c.starts_with('\''))
            && after
                .strip_prefix(c.as_str())
                .is_some_and(|r| !r.starts_with(|ch: char| ch.is_alphanumeric()))
    });
    (preceded, followed)
}

/// "Electrolux's brands AEG, Zanussi and Frigidaire": the names of one list are things
/// of one kind. A name in a list typed only by a guess (the tagger's, or a default) takes
/// the organization class of a member typed by surer evidence (a suffix, the gazetteer,
/// a descriptor, an acronym's capitals), rule `coordination`. Lists of other classes are
/// left alone: "Smith and Ford" is no list of people.
fn agree_in_coordination(text: &str, mentions: &mut [Mention]) {
    let mut order: Vec<usize> = (0..mentions.len())
        .filter(|&i| matches!(mentions[i].kind, MentionKind::Name | MentionKind::Acronym))
        .collect();
    order.sort_by_key(|&i| mentions[i].span.start);
    // Each list with the length it has up to its last conjunction (0: none yet).
    let mut lists: Vec<(Vec<usize>, usize)> = Vec::new();
    for pair in order.windows(2) {
        let (a, b) = (&mentions[pair[0]], &mentions[pair[1]]);
        if a.sentence != b.sentence || a.span.end > b.span.start {
            continue;
        }
        let gap = text[a.span.end..b.span.start]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let gap = gap
            .strip_prefix("'s")
            .or_else(|| gap.strip_prefix("\u{2019}s"))
            .unwrap_or(&gap)
            .trim();
        let conjunction = matches!(gap, "and" | ", and" | "or" | ", or" | "&");
        if !conjunction && gap != "," {
            continue;
        }
        match lists.last_mut() {
            Some((list, _)) if list.last() == Some(&pair[0]) => list.push(pair[1]),
            _ => lists.push((pair.to_vec(), 0)),
        }
        if conjunction {
            if let Some((list, ends)) = lists.last_mut() {
                *ends = list.len();
            }
        }
    }
    // A list ends at its last conjunction; commas alone join a name to its apposition
    // ("Filippo Bagnato, ATR's chief executive").
    for (mut list, ends) in lists {
        list.truncate(ends);
        let Some(&surest) = list
            .iter()
            .max_by_key(|&&i| names::strength(&mentions[i].rule))
        else {
            continue;
        };
        let class = mentions[surest].class.clone();
        if names::strength(&mentions[surest].rule) < 2
            || !matches!(class.as_str(), "Corporation" | "Organization")
        {
            continue;
        }
        for i in list {
            let m = &mut mentions[i];
            let guess = m.rule == "tagger" || learned::GUESSES.contains(&m.rule.as_str());
            if guess && i != surest {
                m.class.clone_from(&class);
                m.rule = "coordination".into();
            }
        }
    }
}

/// Whether a mention is (part of) a stock ticker written in angle brackets after a
/// company's name ("American Motors Corp <AMO>", "<LKO.TO>", the wire services'
/// convention): a code in capitals, digits and dots, not a name. A name in brackets
/// ("<Shandwick Plc>", how Reuters marks an unlisted company) stays.
fn is_ticker(text: &str, m: &Mention) -> bool {
    let before = &text[..m.span.start];
    let after = &text[m.span.end..];
    let (Some(open), Some(close)) = (before.rfind('<'), after.find('>')) else {
        return false;
    };
    let code = format!("{}{}{}", &before[open + 1..], m.surface, &after[..close]);
    // A code in brackets after a lower-case word names a company the wire gives no other
    // name ("a merger between Leyland Trucks and <DAF>"); after a name it is the name's
    // ticker. A code with an exchange suffix (".TO") is a ticker anywhere.
    let after_word = before[..open]
        .split_whitespace()
        .next_back()
        .is_some_and(|w| w.chars().all(|c| c.is_ascii_lowercase()));
    !code.is_empty()
        && code.len() <= 12
        && code
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '.')
        && (code.contains('.') || !after_word)
}

/// "The Andean Pact Community (APC)": the capitalized words before an acronym in
/// parentheses whose initials spell it are one organization's name, even when no other
/// rule found them (a demonym and common nouns, "the European Community (EC)"). The
/// mentions inside that name give way to it.
fn add_defined_names(doc: &Document, kb: &Knowledge, mentions: &mut Vec<Mention>) {
    let text = &doc.text;
    let mut found = Vec::new();
    for m in mentions.iter() {
        let acronym = &m.surface;
        let letters = acronym.chars().count();
        if !(2..=8).contains(&letters)
            || !acronym.chars().all(|c| c.is_ascii_uppercase())
            || !text[..m.span.start].ends_with('(')
            || !text[m.span.end..].starts_with(')')
        {
            continue;
        }
        let before = text[..m.span.start - 1].trim_end();
        // The words before, nearest first, while they are capitalized or connectors.
        let mut words: Vec<(usize, &str)> = Vec::new();
        let mut end = before.len();
        for w in before.rsplit(' ') {
            let start = end - w.len();
            let capitalized = w.starts_with(|c: char| c.is_uppercase())
                && w.chars().all(|c| c.is_alphabetic() || c == '-' || c == '&');
            if !(capitalized || kb.lexicon.name_connectors.contains(w)) || words.len() >= 10 {
                break;
            }
            words.push((start, w));
            end = start.saturating_sub(1);
        }
        // The shortest run of them, ending at the parenthesis, whose initials spell it.
        let mut initials = String::new();
        for (k, &(start, w)) in words.iter().enumerate() {
            let connector = kb.lexicon.name_connectors.contains(w);
            if !connector {
                initials.insert(0, w.chars().next().unwrap_or(' '));
            }
            if initials.len() > letters {
                break;
            }
            if initials == *acronym && !connector && k > 0 {
                let span = Span::new(start, before.len());
                let whole = mentions.iter().any(|o| o.span == span);
                if !whole {
                    found.push((span, m.sentence, m.class.clone()));
                }
                break;
            }
        }
    }
    for (span, sentence, class) in found {
        mentions.retain(|o| !span.contains(&o.span));
        let class = if class == "Person" {
            "Organization".to_string()
        } else {
            class
        };
        mentions.push(Mention {
            span,
            surface: span.slice(text).to_string(),
            class,
            kind: MentionKind::Name,
            sentence,
            rule: "acronym-definition".into(),
            targets: Vec::new(),
            target_aliases: Vec::new(),
        });
    }
}

/// Whether a mention fills a pair of angle brackets, as the wire services write a
/// company's name ("<Shandwick Plc>").
fn is_bracketed(text: &str, m: &Mention) -> bool {
    text[..m.span.start].ends_with('<') && text[m.span.end..].starts_with('>')
}

/// The most-mentioned country (counting demonyms, and the country of each province or city
/// named) and the most-mentioned province or state of that country. Ties go to the one
/// named first.
fn main_places(
    doc: &Document,
    sentences: &[Sentence],
    mentions: &[Mention],
    kb: &Knowledge,
) -> (Option<String>, Option<String>) {
    let gaz = &kb.gazetteer;
    // place -> (count, first position)
    let mut countries: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut regions: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let bump = |map: &mut BTreeMap<String, (usize, usize)>, name: &str, pos: usize| {
        let e = map.entry(name.to_string()).or_insert((0, pos));
        e.0 += 1;
        e.1 = e.1.min(pos);
    };
    for m in mentions {
        let Some(entry) = gaz.get(&m.surface) else {
            continue;
        };
        let canonical = entry.canonical.as_str();
        let Some(info) = gaz.places.get(canonical) else {
            continue;
        };
        if let Some(country) = gaz.country_of(canonical) {
            bump(&mut countries, country, m.span.start);
        }
        if info.class == "State" {
            bump(&mut regions, canonical, m.span.start);
        }
    }
    for s in sentences {
        for t in &s.tokens {
            if mentions.iter().any(|m| m.span.contains(&t.span)) {
                continue; // "U.S." counted as a place already
            }
            let word = t.span.slice(&doc.text);
            if let Some(country) = gaz.demonyms.get(word) {
                if let Some(c) = gaz.country_of(country) {
                    bump(&mut countries, c, t.span.start);
                }
                if gaz
                    .places
                    .get(country.as_str())
                    .is_some_and(|i| i.class == "State")
                {
                    bump(&mut regions, country, t.span.start);
                }
            }
        }
    }
    let best = |map: &BTreeMap<String, (usize, usize)>| {
        map.iter()
            .max_by_key(|(_, &(count, first))| (count, std::cmp::Reverse(first)))
            .map(|(name, _)| name.clone())
    };
    let country = best(&countries);
    regions.retain(|r, _| gaz.country_of(r) == country.as_deref());
    (country, best(&regions))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::{DocId, MentionKind, Span};
    use crate::text;

    #[test]
    fn tickers_in_angle_brackets_are_not_mentions() {
        let kb = Knowledge::builtin().unwrap();
        let text = "Zentrix Motors Corp <ZMC> said Kellor Inc <KLR> would buy it.";
        let doc = Document {
            id: DocId("t.txt".into()),
            text: text.into(),
            sha256: String::new(),
        };
        let sentences = text::split(text, &kb.lexicon.abbreviations);
        let found = detect(&doc, &sentences, &kb);
        let surfaces: Vec<&str> = found.mentions.iter().map(|m| m.surface.as_str()).collect();
        assert!(
            !surfaces.contains(&"ZMC") && !surfaces.contains(&"KLR"),
            "{surfaces:?}"
        );
        assert!(surfaces.contains(&"Zentrix Motors Corp"), "{surfaces:?}");
    }

    #[test]
    fn a_bracketed_code_after_a_lower_case_word_is_a_name() {
        let text = "a merger between Leyland Trucks and <DAF> and Kellor <KLR> and <KLR.TO>";
        let at = |code: &str, from: usize| {
            let start = from + text[from..].find(code).unwrap();
            Mention {
                span: Span::new(start, start + code.len()),
                surface: code.into(),
                class: "Organization".into(),
                kind: MentionKind::Name,
                sentence: 0,
                rule: "tagger".into(),
                targets: Vec::new(),
                target_aliases: Vec::new(),
            }
        };
        assert!(!is_ticker(text, &at("DAF", 0)));
        assert!(is_bracketed(text, &at("DAF", 0)));
        assert!(!is_bracketed(text, &at("Leyland Trucks", 0)));
        assert!(is_ticker(text, &at("KLR", 0)));
        let dotted = text.find("KLR.TO").unwrap();
        assert!(is_ticker(text, &at("KLR.TO", dotted)));
    }

    pub(crate) fn doc(text: &str) -> Document {
        Document {
            id: DocId("t.txt".into()),
            text: text.into(),
            sha256: String::new(),
        }
    }

    pub(crate) fn kb() -> Knowledge {
        Knowledge::builtin().expect("builtin knowledge loads")
    }

    pub(crate) fn run(text: &str) -> Mentions {
        let kb = kb();
        let d = doc(text);
        let sents = text::split(&d.text, &kb.lexicon.abbreviations);
        detect(&d, &sents, &kb)
    }

    /// (surface, class, kind) of every mention.
    pub(crate) fn found(text: &str) -> Vec<(String, String, MentionKind)> {
        run(text)
            .mentions
            .into_iter()
            .map(|m| (m.surface, m.class, m.kind))
            .collect()
    }

    fn has(text: &str, surface: &str, class: &str) -> bool {
        found(text)
            .iter()
            .any(|(s, c, _)| s == surface && c == class)
    }

    #[test]
    fn titled_people_and_their_organizations() {
        let t = "Industry Minister Tony Clement met GM CEO Fritz Henderson and CAW president Ken Lewenza.";
        assert!(has(t, "Tony Clement", "Person"));
        assert!(has(t, "Fritz Henderson", "Person"));
        assert!(has(t, "Ken Lewenza", "Person"));
        assert!(has(t, "GM", "Corporation"));
        assert!(!found(t).iter().any(|(s, _, _)| s.contains("Industry")));
    }

    #[test]
    fn words_an_organization_title_follows_name_the_employer() {
        // After a quotation's speech verb the two person-like words are still the firm.
        let t = "\"Fares will rise,\" says Marlowe Brothers analyst Tessa Quint.";
        assert!(has(t, "Marlowe Brothers", "Organization"), "{:?}", found(t));
        assert!(has(t, "Tessa Quint", "Person"), "{:?}", found(t));
        // A two-word demonym before a title is no employer.
        let t = "The West German finance minister Hans Kell said rates would fall.";
        assert!(
            !found(t).iter().any(|(s, _, _)| s == "West German"),
            "{:?}",
            found(t)
        );
    }

    #[test]
    fn an_acronym_after_called_or_named_is_no_person() {
        let t = "The board fought what it called VTX's last-minute attempt to buy the firm.";
        assert!(!has(t, "VTX", "Person"), "{:?}", found(t));
        let t = "The firm named Carla Brandt chairman.";
        assert!(has(t, "Carla Brandt", "Person"), "{:?}", found(t));
    }

    #[test]
    fn a_sentence_initial_word_of_a_name_the_article_knows_stays() {
        // "Waste" is an ordinary word, but the article writes "Waste Management" as a name.
        let t = "Waste Management Inc has a bid for Chemlawn. Chemlawn rejected Waste Management.";
        assert!(
            has(t, "Waste Management Inc", "Corporation"),
            "{:?}",
            found(t)
        );
        // A known name that starts after the first word leaves that word out.
        let t =
            "Earlier Kellor Motor Co said it would bid. Analysts expect Kellor Motor Co to win.";
        assert!(has(t, "Kellor Motor Co", "Corporation"), "{:?}", found(t));
        assert!(
            !found(t).iter().any(|(s, _, _)| s.starts_with("Earlier")),
            "{:?}",
            found(t)
        );
    }

    #[test]
    fn and_joins_a_company_name_only_where_neither_side_is_a_name_of_its_own() {
        let names = |t: &str| -> Vec<String> { found(t).into_iter().map(|(s, _, _)| s).collect() };
        // A union named "X of Y" is no founder of the company after "and".
        let t = "The Guild of Harbour Pilots and Caldera Western Corp resumed talks.";
        let n = names(t);
        assert!(n.iter().any(|s| s == "Caldera Western Corp"), "{n:?}");
        assert!(!n.iter().any(|s| s.contains(" and ")), "{n:?}");
        // A company the article names alone is the right side of "X and Y Co" only.
        let t = "Velmont Steel said it would meet the union. \
                 The Amalgamated Metalworkers and Velmont Steel Co held talks.";
        let n = names(t);
        assert!(n.iter().any(|s| s == "Velmont Steel Co"), "{n:?}");
        assert!(!n.iter().any(|s| s.contains(" and ")), "{n:?}");
        // A founder's name before "and Sons Co" stays one name, even where it stands alone;
        // so do a company's trades ("Tire and Rubber").
        let t = "Tarrow Fouad said the firm grew. Tarrow Fouad and Sons Co signed a deal.";
        assert!(
            has(t, "Tarrow Fouad and Sons Co", "Corporation"),
            "{:?}",
            found(t)
        );
        let t = "Brenton Tire and Rubber Co signed a deal. Brenton Tire said it was pleased.";
        assert!(
            has(t, "Brenton Tire and Rubber Co", "Corporation"),
            "{:?}",
            found(t)
        );
    }

    #[test]
    fn a_trade_word_starting_a_sentence_stays_in_its_unions_name() {
        let t = "Postal Clerks Union of Canada President Tomas Verhoek said the strike goes on.";
        assert!(
            has(t, "Postal Clerks Union of Canada", "WorkersUnion"),
            "{:?}",
            found(t)
        );
        let t = "Letter Carriers Union members voted to strike.";
        assert!(
            has(t, "Letter Carriers Union", "WorkersUnion"),
            "{:?}",
            found(t)
        );
        // A number before the union's name is no trade.
        let t = "Three United Steelworkers of America locals struck.";
        assert!(
            !found(t).iter().any(|(s, _, _)| s.starts_with("Three")),
            "{:?}",
            found(t)
        );
    }

    #[test]
    fn a_name_after_analyst_at_is_an_organization_the_tagger_missed() {
        let t = "Shares rose, said Ann Ito, an analyst at TRX Halden.";
        assert!(has(t, "TRX Halden", "Organization"), "{:?}", found(t));
    }

    #[test]
    fn hong_kong_is_no_vote_for_china_as_the_article_country() {
        let t = "Two Hong Kong banks lent money to San Isidro Corp. Hong Kong traders expect \
                 more loans. The Philippines welcomed the deal.";
        assert_eq!(run(t).country.as_deref(), Some("Philippines"));
    }

    #[test]
    fn a_guessed_name_where_only_an_organization_stands_is_one() {
        for t in [
            "Shares in Kalvor Brenne have risen more than 3%.",
            "Kalvor Brenne shares rose 4% on Monday.",
            "Kalvor Brenne's shareholders backed the deal.",
        ] {
            assert!(
                has(t, "Kalvor Brenne", "Organization"),
                "{t}: {:?}",
                found(t)
            );
        }
        // People own shares and share views; a sure class is never overridden.
        for (t, name) in [
            (
                "Investors bought Tomas Arkwell's shares last year.",
                "Tomas Arkwell",
            ),
            (
                "Tomas Arkwell shares the view of the board.",
                "Tomas Arkwell",
            ),
            ("Shares in Mr Arkwell rose.", "Arkwell"),
        ] {
            assert!(has(t, name, "Person"), "{t}: {:?}", found(t));
        }
    }

    #[test]
    fn organizations_by_suffix_and_places_by_gazetteer() {
        let t = "Workers at Zorblax Motors and the Frobnian Auto Workers met at McTavish University in Toronto.";
        assert!(has(t, "Zorblax Motors", "Corporation"));
        assert!(has(t, "Frobnian Auto Workers", "WorkersUnion"));
        assert!(has(t, "McTavish University", "EducationalOrganization"));
        assert!(has(t, "Toronto", "City"));
        assert!(!found(t).iter().any(|(s, _, _)| s == "Workers"));
    }

    #[test]
    fn sentence_initial_words_weekdays_and_demonyms_are_not_entities() {
        let f = found(
            "Earlier Monday, the Italian automaker said so. Talk of mergers\n\nBut Tuesday came.",
        );
        assert!(
            f.iter()
                .all(|(s, _, k)| *k != MentionKind::Name || s.is_empty()),
            "{f:?}"
        );
    }

    #[test]
    fn a_descriptor_before_a_name_gives_its_class() {
        assert!(has(
            "Miner Corvane Gold said it regretted the decision.",
            "Corvane Gold",
            "Corporation"
        ));
        assert!(has(
            "Shares in carmaker Pontrix fell.",
            "Pontrix",
            "Corporation"
        ));
    }

    #[test]
    fn a_list_shares_the_class_of_its_surest_name_but_an_apposition_does_not() {
        let t = "Harlan Corp's brands include Vostrani SpA, Zelmani and Quorin.";
        assert!(has(t, "Zelmani", "Corporation"));
        assert!(has(t, "Quorin", "Corporation"));
        let t = "Zoltar Fellmann, Harlan Corp's chief executive, said the plan was sound.";
        assert!(has(t, "Zoltar Fellmann", "Person"));
    }

    #[test]
    fn a_hyphenated_name_in_a_headline_in_capitals_stays_whole() {
        let f = found("TALKS WITH KESTON-WARNER CORP END");
        assert!(f.iter().any(|(s, _, _)| s == "KESTON-WARNER CORP"), "{f:?}");
        let f = found("UNION STRIKES AT BRISTOW-PACKARD PLANT");
        assert!(f.iter().any(|(s, _, _)| s == "BRISTOW-PACKARD"), "{f:?}");
    }

    #[test]
    fn on_for_and_und_join_an_organization_name() {
        let t = "Officials of the Pontrix Commission on Fair Trade met on Monday.";
        assert!(found(t)
            .iter()
            .any(|(s, _, _)| s == "Pontrix Commission on Fair Trade"));
        let t = "The Commission on Monday rejected the plan.";
        assert!(found(t).iter().any(|(s, _, _)| s == "Commission"));
        let t = "It bought a stake in the <Kessel und Brandt AG> car parts group.";
        assert!(
            found(t).iter().any(|(s, _, _)| s == "Kessel und Brandt AG"),
            "{:?}",
            found(t)
        );
    }

    #[test]
    fn coordinated_governments_name_both() {
        let m = run("The federal and Ontario governments say Canada needs jobs in Ontario. The Canadian government agreed.");
        let gov: Vec<&Mention> = m
            .mentions
            .iter()
            .filter(|m| m.class == "GovernmentOrganization")
            .collect();
        assert_eq!(
            gov[0].targets,
            vec![
                "Government of Canada".to_string(),
                "Government of Ontario".to_string()
            ]
        );
        assert_eq!(gov[1].targets, vec!["Government of Canada".to_string()]);
        assert_eq!(m.country.as_deref(), Some("Canada"));
    }

    #[test]
    fn a_country_that_acts_is_its_government() {
        let m = run("The U.S. and Canada announced new loans. Jobs in Canada are at risk.");
        let classes: Vec<(&str, &str)> = m
            .mentions
            .iter()
            .map(|m| (m.surface.as_str(), m.class.as_str()))
            .collect();
        assert!(
            classes.contains(&("U.S.", "GovernmentOrganization")),
            "{classes:?}"
        );
        assert!(classes.contains(&("Canada", "GovernmentOrganization")));
        assert!(classes.contains(&("Canada", "Country")));
    }

    #[test]
    fn nominals_and_pronouns() {
        let f = found("The union said he would meet the two automakers.");
        assert!(
            f.contains(&(
                "The union".into(),
                "WorkersUnion".into(),
                MentionKind::Nominal
            )),
            "{f:?}"
        );
        assert!(f.contains(&("he".into(), "Person".into(), MentionKind::Pronoun)));
        assert!(f.contains(&(
            "the two automakers".into(),
            "Corporation".into(),
            MentionKind::Nominal
        )));
    }
}
