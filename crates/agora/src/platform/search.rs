//! The words of a text, as full-text search compares them: the tokenizer behind every
//! portable inverted index (`proposal_search_terms` today).
//!
//! Both databases must answer a search with the same SQL, so agora does not use SQLite's FTS5
//! nor PostgreSQL's `tsvector`: texts are cut into terms here, in Rust, and stored in an
//! ordinary table that plain `=` and range comparisons query. The choices:
//!
//! - **Words** are runs of letters and digits; an apostrophe ends a word (`l'école` gives
//!   `l`, `ecole`), the Catalan middle dot stays inside one (`col·lectiu` → `collectiu`).
//! - **Lower case, accents folded** for the languages agora speaks (French, Spanish, Catalan,
//!   English): `Écoles` and `ecoles` are the same word, so are `àrea` / `area`, `niño` / `nino`,
//!   `cœur` / `coeur`. A small table, not a Unicode normalisation crate: letters of other
//!   scripts are kept as they are (lower-cased), which is exact-match search for them.
//! - **Stop words**: short lists of the commonest words of the four languages (articles,
//!   prepositions, conjunctions, pronouns). They would match every proposal.
//! - **Light stemming**: a final plural `s` or `x` is dropped from words of more than three
//!   letters (`vélos` → `velo`, `jeux` → `jeu`, `budgets` → `budget`); an `s` stays after
//!   another `s` or a `u` (`express`, `campus`, `tous`). The same rule applies to texts and to queries, so
//!   a rule that cuts too much (`prix` → `pri`) still finds what it should.
//! - Words of one letter are dropped, numbers are kept (`5`, `2026`); a term keeps at most
//!   [`TERM_MAX`] characters.
//!
//! Changing any of this changes the stored terms: bump [`VERSION`], and `agora migrate`
//! re-indexes what was indexed by an older version.

/// The version of these rules. Stored next to each indexed text: older ones are re-indexed.
pub const VERSION: i64 = 1;
/// Longest term, in characters (longer words are cut: they still match by prefix).
pub const TERM_MAX: usize = 40;

/// The letter an accented Latin letter folds to (already lower-cased), or itself.
fn fold(c: char) -> &'static str {
    match c {
        'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' | 'ā' => "a",
        'ç' | 'ć' | 'č' => "c",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' | 'ě' => "e",
        'ì' | 'í' | 'î' | 'ï' | 'ī' => "i",
        'ñ' | 'ń' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'ö' | 'õ' | 'ø' | 'ō' => "o",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' => "u",
        'ý' | 'ÿ' => "y",
        'œ' => "oe",
        'æ' => "ae",
        'ß' => "ss",
        'ł' => "l",
        'ś' | 'š' => "s",
        'ź' | 'ż' | 'ž' => "z",
        'ř' => "r",
        'ď' => "d",
        'ť' => "t",
        _ => "",
    }
}

/// The commonest words of French, Spanish, Catalan and English (after folding).
const STOP_WORDS: &[&str] = &[
    // French
    "au", "aux", "avec", "ce", "ces", "cet", "cette", "dans", "de", "des", "du", "elle", "en",
    "est", "et", "il", "ils", "je", "la", "le", "les", "leur", "lui", "ma", "mais", "me", "mes",
    "mon", "ne", "nos", "notre", "nous", "on", "ou", "par", "pas", "pour", "qu", "que", "qui",
    "sa", "se", "ses", "son", "sont", "sur", "ta", "te", "tes", "ton", "tu", "un", "une", "vos",
    "votre", "vous", "ete", "etre", "avoir", "plus", "tres", // Spanish
    "al", "con", "como", "del", "el", "ella", "ellos", "es", "esta", "este", "esto", "las", "lo",
    "los", "mas", "mi", "muy", "no", "nuestro", "para", "pero", "por", "se", "si", "sin", "su",
    "sus", "una", "uno", "unos", "unas", "y", "ya", // Catalan
    "amb", "aixo", "els", "ens", "era", "es", "han", "hi", "ho", "i", "la", "les", "li", "ni",
    "per", "pel", "pels", "perque", "quan", "sense", "seu", "seva", "son", "tambe", "un", "una",
    "uns", "unes", "al", "als", "dels", "d", "l", "s", "n", // English
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "in", "is",
    "it", "its", "of", "on", "or", "our", "that", "the", "their", "this", "to", "was", "we",
    "were", "will", "with", "you", "your",
];

fn is_stop_word(term: &str) -> bool {
    STOP_WORDS.contains(&term)
}

/// Drops a final plural mark (see the module documentation).
fn stem(term: String) -> String {
    let n = term.chars().count();
    let mut chars = term.chars().rev();
    let (last, before) = (chars.next(), chars.next());
    let plural = match last {
        Some('s') => !matches!(before, Some('s' | 'u')),
        Some('x') => true,
        _ => false,
    };
    if n > 3 && plural && term.chars().all(|c| c.is_ascii_alphabetic()) {
        let mut term = term;
        term.pop();
        term
    } else {
        term
    }
}

/// Cuts a text into words, lower-cased, accents folded (stop words and short words kept).
fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() {
            for lower in c.to_lowercase() {
                match fold(lower) {
                    "" => word.push(lower),
                    folded => word.push_str(folded),
                }
            }
        } else if c == '·' && !word.is_empty() {
            // The Catalan "punt volat" (col·lectiu) joins the two l's of one word.
        } else if !word.is_empty() {
            out.push(std::mem::take(&mut word));
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// A word worth indexing: not a stop word, at least two letters (or a number).
fn keep(word: &str) -> bool {
    (word.chars().count() >= 2 || word.chars().all(|c| c.is_ascii_digit())) && !is_stop_word(word)
}

fn finish(word: String) -> String {
    let word = stem(word);
    if word.chars().count() > TERM_MAX {
        word.chars().take(TERM_MAX).collect()
    } else {
        word
    }
}

/// The terms of a text, in order, repeated as often as they occur.
pub fn terms(text: &str) -> Vec<String> {
    words(text)
        .into_iter()
        .filter(|w| keep(w))
        .map(finish)
        .collect()
}

/// A search typed by a visitor: the terms every result must contain, the last one as a
/// prefix (so `budg` finds `budget` while the person is still typing).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Query {
    /// Whole terms (deduplicated).
    pub exact: Vec<String>,
    /// The last term, matched as the beginning of a term.
    pub prefix: Option<String>,
}

/// Most terms a query uses (the rest of a long query is ignored).
pub const QUERY_TERMS_MAX: usize = 8;

impl Query {
    /// Parses what a visitor typed. The last word counts as a prefix unless the text ends
    /// with a space or punctuation (the word was finished). A query that is all stop words
    /// keeps its last word, so "the" still finds "theatre"; a single letter is no query.
    pub fn parse(text: &str) -> Query {
        let finished = text.chars().last().is_none_or(|c| !c.is_alphanumeric());
        let all = words(text);
        let mut kept: Vec<String> = all.iter().filter(|w| keep(w)).cloned().collect();
        let mut finished = finished;
        // (Not a single letter: as a prefix it would match nearly every text.)
        if kept.is_empty()
            && let Some(last) = all.last().filter(|w| w.chars().count() >= 2)
        {
            kept.push(last.clone());
            finished = false;
        }
        kept.truncate(QUERY_TERMS_MAX);
        let prefix = if finished {
            None
        } else {
            // Stemmed too: "velos" must find the stored "velo". Stemming only shortens, so a
            // prefix of a word still begins that word's stem.
            kept.pop().map(finish)
        };
        let mut exact: Vec<String> = kept.into_iter().map(finish).collect();
        exact.sort();
        exact.dedup();
        Query { exact, prefix }
    }

    pub fn is_empty(&self) -> bool {
        self.exact.is_empty() && self.prefix.is_none()
    }

    /// Every term of the query, the prefix last.
    pub fn all_terms(&self) -> Vec<String> {
        self.exact
            .iter()
            .cloned()
            .chain(self.prefix.clone())
            .collect()
    }
}

/// The bounds of a prefix search `lo <= term < hi` (`hi` empty: no upper bound). Terms are
/// compared byte by byte (SQLite's BINARY, PostgreSQL's C collation); the caller adds a
/// `LIKE` on the same prefix so another collation can never widen the result.
pub fn prefix_bounds(prefix: &str) -> (String, String) {
    let mut hi: Vec<char> = prefix.chars().collect();
    while let Some(last) = hi.pop() {
        if let Some(next) = char::from_u32(u32::from(last) + 1) {
            hi.push(next);
            return (prefix.to_string(), hi.into_iter().collect());
        }
    }
    (prefix.to_string(), String::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accents_case_and_apostrophes_fold() {
        assert_eq!(
            terms("L'École du Cœur, ÀREA d'esports: niño!"),
            vec!["ecole", "coeur", "area", "esport", "nino"]
        );
        assert_eq!(terms("col·lectiu"), vec!["collectiu"]);
    }

    #[test]
    fn stop_words_and_short_words_are_dropped_numbers_kept() {
        assert_eq!(
            terms("Un parc pour les vélos et 5 bancs à la gare"),
            vec!["parc", "velo", "5", "banc", "gare"]
        );
        assert_eq!(terms("The budget of the city"), vec!["budget", "city"]);
    }

    #[test]
    fn plurals_are_folded_carefully() {
        assert_eq!(
            terms("budgets jeux campus express bus"),
            vec!["budget", "jeu", "campus", "express", "bus"]
        );
    }

    #[test]
    fn queries_take_the_last_word_as_a_prefix_unless_finished() {
        let q = Query::parse("Vélos budg");
        assert_eq!(q.exact, vec!["velo"]);
        assert_eq!(q.prefix.as_deref(), Some("budg"));
        assert_eq!(Query::parse("velos").prefix.as_deref(), Some("velo"));
        let q = Query::parse("vélos budgets ");
        assert_eq!(q.exact, vec!["budget", "velo"]);
        assert_eq!(q.prefix, None);
        let q = Query::parse("the");
        assert_eq!(q.prefix.as_deref(), Some("the"));
        assert!(Query::parse("  ").is_empty());
        assert!(Query::parse("b").is_empty());
        assert!(Query::parse("%%").is_empty());
    }

    #[test]
    fn prefix_bounds_cover_exactly_the_terms_that_begin_with_it() {
        assert_eq!(prefix_bounds("budg"), ("budg".into(), "budh".into()));
        let (lo, hi) = prefix_bounds("budz");
        for t in ["budz", "budzz", "budz9"] {
            assert!(lo.as_str() <= t && t < hi.as_str(), "{t}");
        }
        assert!("bue" >= hi.as_str());
    }
}
