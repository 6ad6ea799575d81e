//! The CSV import of results, for bulk updates by city staff: a small CSV reader (RFC 4180
//! quoting; comma, semicolon or tab, guessed from the header line, so a spreadsheet's export or
//! copy–paste works) and the plan of changes, checked whole before anything is written.
//! Pure: the database is read before (what exists) and written after (the plan), by `model`.
//!
//! Columns (header names, any order, only `title` is needed to create):
//! `id`, `reference`, `parent_id`, `parent_reference`, `title`, `description`, `status`,
//! `progress`, `start`, `end`, `weight`, `project_ids`, `proposal_ids`.
//! A row with an `id`, or a `reference` already known, updates that result; any other row
//! creates one. In an update an empty cell leaves the field as it is.

use std::collections::{HashMap, HashSet};

use super::rules::{self, TreeProblem};
use crate::platform::spaces::rules::parse_date;

/// The columns the import knows.
pub const COLUMNS: &[&str] = &[
    "id",
    "reference",
    "parent_id",
    "parent_reference",
    "title",
    "description",
    "status",
    "progress",
    "start",
    "end",
    "weight",
    "project_ids",
    "proposal_ids",
];

/// At most this many data rows per file (the body limit stops larger files first).
pub const MAX_ROWS: usize = 5_000;
pub const TITLE_MAX: usize = 200;
pub const DESCRIPTION_MAX: usize = 20_000;
pub const REFERENCE_MAX: usize = 80;
pub const WEIGHT_MAX: i64 = 1_000_000_000_000;

/// What is wrong, and on which line of the file (1 is the header).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineError {
    pub line: usize,
    pub problem: Problem,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    Empty,
    UnclosedQuote,
    UnknownColumn(String),
    DuplicateColumn(String),
    WrongFieldCount { expected: usize, got: usize },
    TooManyRows(usize),
    NotAResult(String),
    TitleRequired,
    TooLong { field: &'static str, max: usize },
    UnknownStatus(String),
    BadProgress(String),
    BadDate { field: &'static str, text: String },
    EndBeforeStart,
    BadWeight(String),
    BadIds { field: &'static str, word: String },
    UnknownProject(i64),
    UnknownProposal(i64),
    UnknownParent(String),
    ReferenceTaken(String),
    Twice,
    Tree(TreeProblem),
}

impl Problem {
    /// The Fluent key and its arguments.
    pub fn message(&self) -> (&'static str, Vec<(&'static str, String)>) {
        match self {
            Problem::Empty => ("accountability-import-empty", vec![]),
            Problem::UnclosedQuote => ("accountability-import-quote", vec![]),
            Problem::UnknownColumn(c) => {
                ("accountability-import-column", vec![("column", c.clone())])
            }
            Problem::DuplicateColumn(c) => (
                "accountability-import-column-twice",
                vec![("column", c.clone())],
            ),
            Problem::WrongFieldCount { expected, got } => (
                "accountability-import-fields",
                vec![("expected", expected.to_string()), ("got", got.to_string())],
            ),
            Problem::TooManyRows(max) => {
                ("accountability-import-rows", vec![("max", max.to_string())])
            }
            Problem::NotAResult(id) => (
                "accountability-import-not-a-result",
                vec![("id", id.clone())],
            ),
            Problem::TitleRequired => ("accountability-import-title", vec![]),
            Problem::TooLong { field, max } => (
                "accountability-import-long",
                vec![("column", field.to_string()), ("max", max.to_string())],
            ),
            Problem::UnknownStatus(s) => {
                ("accountability-import-status", vec![("status", s.clone())])
            }
            Problem::BadProgress(s) => {
                ("accountability-import-progress", vec![("value", s.clone())])
            }
            Problem::BadDate { field, text } => (
                "accountability-import-date",
                vec![("column", field.to_string()), ("value", text.clone())],
            ),
            Problem::EndBeforeStart => ("accountability-error-end-before-start", vec![]),
            Problem::BadWeight(s) => ("accountability-import-weight", vec![("value", s.clone())]),
            Problem::BadIds { field, word } => (
                "accountability-import-ids",
                vec![("column", field.to_string()), ("value", word.clone())],
            ),
            Problem::UnknownProject(id) => {
                ("accountability-error-project", vec![("id", id.to_string())])
            }
            Problem::UnknownProposal(id) => (
                "accountability-error-proposal",
                vec![("id", id.to_string())],
            ),
            Problem::UnknownParent(p) => {
                ("accountability-import-parent", vec![("parent", p.clone())])
            }
            Problem::ReferenceTaken(r) => (
                "accountability-import-reference-taken",
                vec![("reference", r.clone())],
            ),
            Problem::Twice => ("accountability-import-twice", vec![]),
            Problem::Tree(t) => (t.key(), vec![]),
        }
    }
}

/// A parsed file: the header's column names (lower case) and each data row with its line.
#[derive(Debug, PartialEq, Eq)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<(usize, Vec<String>)>,
}

fn error(line: usize, problem: Problem) -> LineError {
    LineError { line, problem }
}

/// Reads CSV text. Blank lines are skipped; cells are trimmed.
pub fn parse(text: &str) -> Result<Table, LineError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first = text.lines().next().unwrap_or("");
    let delimiter = [',', ';', '\t']
        .into_iter()
        .max_by_key(|d| first.matches(*d).count())
        .filter(|d| first.contains(*d))
        .unwrap_or(',');
    let mut records: Vec<(usize, Vec<String>)> = Vec::new();
    let mut line = 1;
    let mut record_line = 1;
    let mut fields: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut quote_line = 0;
    let mut chars = text.chars().peekable();
    let mut finish = |fields: &mut Vec<String>, field: &mut String, at: usize| {
        fields.push(std::mem::take(field).trim().to_string());
        let record = std::mem::take(fields);
        if !(record.len() == 1 && record[0].is_empty()) {
            records.push((at, record));
        }
    };
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                '\n' => {
                    line += 1;
                    field.push('\n');
                }
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' if field.trim().is_empty() => {
                field.clear();
                quoted = true;
                quote_line = line;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                finish(&mut fields, &mut field, record_line);
                line += 1;
                record_line = line;
            }
            c if c == delimiter => fields.push(std::mem::take(&mut field).trim().to_string()),
            _ => field.push(c),
        }
    }
    if quoted {
        return Err(error(quote_line, Problem::UnclosedQuote));
    }
    finish(&mut fields, &mut field, record_line);
    let mut records = records.into_iter();
    let Some((header_line, header)) = records.next() else {
        return Err(error(1, Problem::Empty));
    };
    let header: Vec<String> = header.iter().map(|h| h.to_lowercase()).collect();
    for (i, name) in header.iter().enumerate() {
        if !COLUMNS.contains(&name.as_str()) {
            return Err(error(header_line, Problem::UnknownColumn(name.clone())));
        }
        if header[..i].contains(name) {
            return Err(error(header_line, Problem::DuplicateColumn(name.clone())));
        }
    }
    let rows: Vec<(usize, Vec<String>)> = records.collect();
    if rows.is_empty() {
        return Err(error(header_line, Problem::Empty));
    }
    if rows.len() > MAX_ROWS {
        return Err(error(rows[MAX_ROWS].0, Problem::TooManyRows(MAX_ROWS)));
    }
    Ok(Table { header, rows })
}

/// An existing result, as the import needs it.
#[derive(Clone, Debug)]
pub struct Existing {
    pub id: i64,
    pub reference: Option<String>,
    pub parent_id: Option<i64>,
    pub starts_on: Option<String>,
    pub ends_on: Option<String>,
}

/// A status of the component.
#[derive(Clone, Debug)]
pub struct StatusRef {
    pub id: i64,
    pub code: String,
    pub progress: Option<i64>,
}

/// Which result a row is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Target {
    Existing(i64),
    /// The n-th new result of the file.
    New(usize),
}

/// One row's change. `None`: unchanged (or the default, for a new result).
#[derive(Clone, Debug, Default)]
pub struct Change {
    pub line: usize,
    pub target: Option<Target>,
    pub reference: Option<String>,
    pub parent: Option<Target>,
    pub title: Option<String>,
    pub description: Option<String>,
    pub status_id: Option<i64>,
    pub progress: Option<i64>,
    pub starts_on: Option<String>,
    pub ends_on: Option<String>,
    pub weight: Option<i64>,
    pub project_ids: Option<Vec<i64>>,
    pub proposal_ids: Option<Vec<i64>>,
}

impl Change {
    pub fn target(&self) -> Target {
        self.target.unwrap_or(Target::New(0))
    }
}

/// The whole file's changes, in file order.
#[derive(Debug, Default)]
pub struct Plan {
    pub changes: Vec<Change>,
    pub new_count: usize,
}

/// Linked ids with the line that links them.
pub type LineIds = Vec<(usize, i64)>;

impl Plan {
    /// Every linked project and proposal id with the line that links it, for the caller to
    /// check against the database.
    pub fn links(&self) -> (LineIds, LineIds) {
        let mut projects = Vec::new();
        let mut proposals = Vec::new();
        for c in &self.changes {
            for id in c.project_ids.iter().flatten() {
                projects.push((c.line, *id));
            }
            for id in c.proposal_ids.iter().flatten() {
                proposals.push((c.line, *id));
            }
        }
        (projects, proposals)
    }

    /// The new results in an order where a parent comes before its children.
    pub fn creation_order(&self) -> Vec<usize> {
        let new: Vec<&Change> = self
            .changes
            .iter()
            .filter(|c| matches!(c.target, Some(Target::New(_))))
            .collect();
        let mut done: HashSet<usize> = HashSet::new();
        let mut order = Vec::new();
        while order.len() < new.len() {
            let before = order.len();
            for c in &new {
                let Some(Target::New(n)) = c.target else {
                    continue;
                };
                let ready = match c.parent {
                    Some(Target::New(p)) => done.contains(&p),
                    _ => true,
                };
                if ready && !done.contains(&n) {
                    done.insert(n);
                    order.push(n);
                }
            }
            if order.len() == before {
                break; // a cycle among new rows, refused by `plan` already
            }
        }
        order
    }
}

const MAX_ERRORS: usize = 20;

/// Checks every row of `table` against what exists and builds the plan; every problem found
/// (up to 20), each with its line.
pub fn plan(
    table: &Table,
    existing: &[Existing],
    statuses: &[StatusRef],
) -> Result<Plan, Vec<LineError>> {
    let col = |name: &str| table.header.iter().position(|h| h == name);
    let by_id: HashMap<i64, &Existing> = existing.iter().map(|e| (e.id, e)).collect();
    let by_reference: HashMap<&str, i64> = existing
        .iter()
        .filter_map(|e| e.reference.as_deref().map(|r| (r, e.id)))
        .collect();
    // References of the rows that create results, first pass (a child may come before its parent).
    let mut new_references: HashMap<String, usize> = HashMap::new();
    let mut errors = Vec::new();
    let mut changes = Vec::new();
    let mut targets_seen: HashSet<Target> = HashSet::new();
    let mut new_count = 0;
    let cell = |row: &[String], name: &str| -> Option<String> {
        col(name)
            .and_then(|i| row.get(i))
            .filter(|v| !v.is_empty())
            .cloned()
    };
    // Pass 1: which result each row is about.
    for (line, row) in &table.rows {
        if row.len() != table.header.len() {
            errors.push(error(
                *line,
                Problem::WrongFieldCount {
                    expected: table.header.len(),
                    got: row.len(),
                },
            ));
            changes.push(None);
            continue;
        }
        let id = cell(row, "id");
        let reference = cell(row, "reference");
        let target = if let Some(id) = id {
            match id.trim_start_matches('#').parse::<i64>() {
                Ok(n) if by_id.contains_key(&n) => Target::Existing(n),
                _ => {
                    errors.push(error(*line, Problem::NotAResult(id)));
                    changes.push(None);
                    continue;
                }
            }
        } else if let Some(known) = reference.as_deref().and_then(|r| by_reference.get(r)) {
            Target::Existing(*known)
        } else {
            new_count += 1;
            if let Some(r) = &reference
                && new_references.insert(r.clone(), new_count - 1).is_some()
            {
                errors.push(error(*line, Problem::ReferenceTaken(r.clone())));
            }
            Target::New(new_count - 1)
        };
        if !targets_seen.insert(target) {
            errors.push(error(*line, Problem::Twice));
        }
        changes.push(Some(Change {
            line: *line,
            target: Some(target),
            reference: reference.clone(),
            ..Change::default()
        }));
    }
    // Pass 2: the fields.
    let status_by_code: HashMap<&str, &StatusRef> =
        statuses.iter().map(|s| (s.code.as_str(), s)).collect();
    for ((line, row), change) in table.rows.iter().zip(changes.iter_mut()) {
        let Some(change) = change else { continue };
        let line = *line;
        let is_new = matches!(change.target, Some(Target::New(_)));
        let mut problem = |p: Problem| errors.push(error(line, p));
        // A reference given with an id renames; it must not be another result's.
        if let (Some(r), Some(Target::Existing(id))) = (&change.reference, change.target) {
            if r.chars().count() > REFERENCE_MAX {
                problem(Problem::TooLong {
                    field: "reference",
                    max: REFERENCE_MAX,
                });
            }
            let taken_by_existing = by_reference.get(r.as_str()).is_some_and(|o| *o != id);
            if taken_by_existing || new_references.contains_key(r) {
                problem(Problem::ReferenceTaken(r.clone()));
            }
        } else if let Some(r) = &change.reference
            && r.chars().count() > REFERENCE_MAX
        {
            problem(Problem::TooLong {
                field: "reference",
                max: REFERENCE_MAX,
            });
        }
        change.title = cell(row, "title");
        match &change.title {
            None if is_new => problem(Problem::TitleRequired),
            Some(t) if t.chars().count() > TITLE_MAX => problem(Problem::TooLong {
                field: "title",
                max: TITLE_MAX,
            }),
            _ => {}
        }
        change.description = cell(row, "description");
        if change
            .description
            .as_ref()
            .is_some_and(|d| d.chars().count() > DESCRIPTION_MAX)
        {
            problem(Problem::TooLong {
                field: "description",
                max: DESCRIPTION_MAX,
            });
        }
        if let Some(p) = cell(row, "parent_id") {
            match p.trim_start_matches('#').parse::<i64>() {
                Ok(n) if by_id.contains_key(&n) => change.parent = Some(Target::Existing(n)),
                _ => problem(Problem::UnknownParent(p)),
            }
        } else if let Some(p) = cell(row, "parent_reference") {
            if let Some(id) = by_reference.get(p.as_str()) {
                change.parent = Some(Target::Existing(*id));
            } else if let Some(n) = new_references.get(&p) {
                change.parent = Some(Target::New(*n));
            } else {
                problem(Problem::UnknownParent(p));
            }
        }
        let mut status_progress = None;
        if let Some(code) = cell(row, "status") {
            match status_by_code.get(code.as_str()) {
                Some(s) => {
                    change.status_id = Some(s.id);
                    status_progress = s.progress;
                }
                None => problem(Problem::UnknownStatus(code)),
            }
        }
        change.progress = match cell(row, "progress") {
            Some(text) => match rules::parse_progress(&text) {
                Some(p) => Some(p),
                None => {
                    problem(Problem::BadProgress(text));
                    None
                }
            },
            None => status_progress,
        };
        for (field, slot) in [
            ("start", &mut change.starts_on),
            ("end", &mut change.ends_on),
        ] {
            if let Some(text) = cell(row, field) {
                match parse_date(&text) {
                    Ok(Some(date)) => *slot = Some(date.to_string()),
                    _ => problem(Problem::BadDate { field, text }),
                }
            }
        }
        let old = match change.target {
            Some(Target::Existing(id)) => by_id.get(&id).copied(),
            _ => None,
        };
        let start = change
            .starts_on
            .clone()
            .or_else(|| old.and_then(|o| o.starts_on.clone()));
        let end = change
            .ends_on
            .clone()
            .or_else(|| old.and_then(|o| o.ends_on.clone()));
        if let (Some(s), Some(e)) = (start, end)
            && e < s
        {
            problem(Problem::EndBeforeStart);
        }
        if let Some(text) = cell(row, "weight") {
            match text.replace([' ', '\u{a0}', '\u{202f}'], "").parse::<i64>() {
                Ok(w) if (0..=WEIGHT_MAX).contains(&w) => change.weight = Some(w),
                _ => problem(Problem::BadWeight(text)),
            }
        }
        for (field, slot) in [
            ("project_ids", &mut change.project_ids),
            ("proposal_ids", &mut change.proposal_ids),
        ] {
            if let Some(text) = cell(row, field) {
                match rules::parse_ids(&text) {
                    Ok(ids) => *slot = Some(ids),
                    Err(word) => problem(Problem::BadIds { field, word }),
                }
            }
        }
        if errors.len() >= MAX_ERRORS {
            break;
        }
    }
    let changes: Vec<Change> = changes.into_iter().flatten().collect();
    if errors.is_empty() {
        // The tree once every change is made: new results get ids below zero.
        let synthetic = |t: Target| match t {
            Target::Existing(id) => id,
            Target::New(n) => -(n as i64) - 1,
        };
        let mut parents: HashMap<i64, Option<i64>> =
            existing.iter().map(|e| (e.id, e.parent_id)).collect();
        for c in &changes {
            let id = synthetic(c.target());
            let parent = c.parent.map(synthetic);
            match c.target() {
                Target::New(_) => {
                    parents.insert(id, parent);
                }
                Target::Existing(_) if parent.is_some() => {
                    parents.insert(id, parent);
                }
                Target::Existing(_) => {}
            }
        }
        if let Err((offender, why)) = rules::check_tree(&parents) {
            // The line of the offender or of its nearest ancestor the file moved.
            let mut current = Some(offender);
            let mut line = changes.first().map_or(1, |c| c.line);
            while let Some(id) = current {
                if let Some(c) = changes
                    .iter()
                    .find(|c| synthetic(c.target()) == id && c.parent.is_some())
                {
                    line = c.line;
                    break;
                }
                current = parents.get(&id).copied().flatten();
                if current == Some(offender) {
                    break;
                }
            }
            errors.push(error(line, Problem::Tree(why)));
        }
    }
    if errors.is_empty() {
        Ok(Plan { changes, new_count })
    } else {
        errors.sort_by_key(|e| e.line);
        errors.truncate(MAX_ERRORS);
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn existing() -> Vec<Existing> {
        vec![
            Existing {
                id: 10,
                reference: Some("P-1".into()),
                parent_id: None,
                starts_on: Some("2027-01-01".into()),
                ends_on: None,
            },
            Existing {
                id: 11,
                reference: None,
                parent_id: Some(10),
                starts_on: None,
                ends_on: None,
            },
        ]
    }

    fn statuses() -> Vec<StatusRef> {
        vec![StatusRef {
            id: 1,
            code: "done".into(),
            progress: Some(100),
        }]
    }

    #[test]
    fn quotes_semicolons_and_line_numbers() {
        let t =
            parse("\u{feff}title;description\r\n\"A; b\";\"two\nlines \"\"quoted\"\"\"\n\nC;d\n")
                .expect("parses");
        assert_eq!(t.header, vec!["title", "description"]);
        assert_eq!(
            t.rows[0],
            (2, vec!["A; b".into(), "two\nlines \"quoted\"".into()])
        );
        assert_eq!(
            t.rows[1],
            (5, vec!["C".into(), "d".into()]),
            "line of the record"
        );
        assert_eq!(
            parse("title\n\"open").unwrap_err(),
            error(2, Problem::UnclosedQuote)
        );
        assert_eq!(
            parse("title,colour\nx,y").unwrap_err(),
            error(1, Problem::UnknownColumn("colour".into()))
        );
        assert_eq!(parse("title\n").unwrap_err().problem, Problem::Empty);
        let tabs = parse("Title\tProgress\nA\t5").expect("tabs");
        assert_eq!(tabs.header, vec!["title", "progress"]);
    }

    #[test]
    fn rows_update_by_id_or_reference_and_create_otherwise() {
        let t = parse(
            "id,reference,parent_reference,title,status,progress\n\
             ,P-1,,,done,\n\
             11,,,Renamed,,40\n\
             ,P-2,P-1,New child,,\n\
             ,P-3,P-2,Grandchild,,",
        )
        .expect("parses");
        let plan = plan(&t, &existing(), &statuses()).expect("valid");
        assert_eq!(plan.changes[0].target, Some(Target::Existing(10)));
        assert_eq!(plan.changes[0].progress, Some(100), "the status' progress");
        assert_eq!(plan.changes[1].title.as_deref(), Some("Renamed"));
        assert_eq!(plan.changes[2].target, Some(Target::New(0)));
        assert_eq!(plan.changes[3].parent, Some(Target::New(0)));
        assert_eq!(plan.creation_order(), vec![0, 1]);
    }

    #[test]
    fn every_bad_line_is_reported_with_its_number() {
        let t = parse(
            "id,title,status,progress,start,end,project_ids\n\
             99,X,,,,,\n\
             ,,,,,,\n\
             ,Y,nope,120,2027-02-30,,\n\
             ,Z,,,2027-03-01,2027-02-01,1 two",
        )
        .expect("parses");
        let errors = plan(&t, &existing(), &statuses()).unwrap_err();
        let lines: Vec<(usize, &Problem)> = errors.iter().map(|e| (e.line, &e.problem)).collect();
        assert!(lines.contains(&(2, &Problem::NotAResult("99".into()))));
        assert!(lines.contains(&(3, &Problem::TitleRequired)));
        assert!(lines.contains(&(4, &Problem::UnknownStatus("nope".into()))));
        assert!(lines.contains(&(4, &Problem::BadProgress("120".into()))));
        assert!(
            lines
                .iter()
                .any(|(l, p)| *l == 4 && matches!(p, Problem::BadDate { .. }))
        );
        assert!(lines.contains(&(5, &Problem::EndBeforeStart)));
        assert!(
            lines
                .iter()
                .any(|(l, p)| *l == 5 && matches!(p, Problem::BadIds { .. }))
        );
    }

    #[test]
    fn the_final_tree_must_stay_three_deep_and_acyclic() {
        let t = parse("reference,parent_reference,title\nA,P-1,a\nB,A,b\nC,B,c").expect("parses");
        let errors = plan(&t, &existing(), &statuses()).unwrap_err();
        assert_eq!(errors, vec![error(4, Problem::Tree(TreeProblem::TooDeep))]);
        let t = parse("id,parent_id\n10,11").expect("parses");
        let errors = plan(&t, &existing(), &statuses()).unwrap_err();
        assert_eq!(errors, vec![error(2, Problem::Tree(TreeProblem::Cycle))]);
        let t = parse("id,title\n10,a\n10,b").expect("parses");
        assert_eq!(
            plan(&t, &existing(), &statuses()).unwrap_err(),
            vec![error(3, Problem::Twice)]
        );
    }
}
