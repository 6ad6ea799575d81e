//! Pabulib `.pb` reader and writer.
//!
//! The format (Stolicki, Szufa, Talmon, "Pabulib: A Participatory Budgeting Library",
//! arXiv:2012.06539; data at pabulib.org) has three `;`-separated sections, `META`,
//! `PROJECTS` and `VOTES`, each a title line, a header line, then rows, with CSV quoting.
//!
//! [`parse`] turns a file into a [`PbFile`]; [`write()`] turns it back into text, and
//! `parse(&write(&f)) == Ok(f)` for every file that [`parse`] returns. Every problem in a
//! file is reported as a [`PbError`] naming the line, never as a panic.
//!
//! Money is kept exactly as written ([`Decimal`]); the rules in
//! [`crate::budget`] convert it to integer minor units.

mod csv;
mod decimal;
pub(crate) mod fxhash;

use std::borrow::Cow;
use std::collections::HashMap;

use fxhash::{FxHashMap, FxHashSet};
use std::fmt;

use serde::{Deserialize, Serialize};

pub use decimal::{Decimal, DecimalError};

use csv::{Record, Records, push_record};

/// How voters voted (META `vote_type`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum VoteType {
    /// A set of approved projects.
    Approval,
    /// Points spread over projects (`points` column).
    Cumulative,
    /// Points given per project (`points` column), not necessarily summing to a fixed total.
    Scoring,
    /// A ranking of projects, best first.
    Ordinal,
    /// Exactly one project.
    Choose1,
    /// Anything else, kept as written.
    Other(String),
}

impl VoteType {
    /// From the META value (`approval`, `cumulative`, `scoring`, `ordinal`, `choose-1`).
    pub fn from_meta(s: &str) -> VoteType {
        match s.trim().to_ascii_lowercase().as_str() {
            "approval" => VoteType::Approval,
            "cumulative" => VoteType::Cumulative,
            "scoring" => VoteType::Scoring,
            "ordinal" => VoteType::Ordinal,
            "choose-1" | "choose1" | "choose_1" => VoteType::Choose1,
            _ => VoteType::Other(s.to_string()),
        }
    }

    /// Whether ballots carry a `points` column.
    pub fn has_points(&self) -> bool {
        matches!(self, VoteType::Cumulative | VoteType::Scoring)
    }
}

/// A problem in a `.pb` file: the 1-based line (0 when it concerns the whole file) and what
/// is wrong. Displays as `line 412: project 'X' in vote is not in PROJECTS`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PbError {
    pub line: usize,
    pub message: String,
}

impl PbError {
    pub fn new(line: usize, message: impl Into<String>) -> Self {
        PbError {
            line,
            message: message.into(),
        }
    }
}

impl fmt::Display for PbError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}", self.message)
        } else {
            write!(f, "line {}: {}", self.line, self.message)
        }
    }
}

impl std::error::Error for PbError {}

/// One row of PROJECTS.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Project {
    /// `project_id` (surrounding spaces removed).
    pub id: String,
    /// `cost`, exactly as written.
    pub cost: Decimal,
    /// `votes` column, if present and not empty.
    pub votes: Option<u64>,
    /// `score` column, if present and not empty.
    pub score: Option<Decimal>,
    /// `name` column, if present and not empty.
    pub name: Option<String>,
    /// `selected` column (`1` / `0`), if present and not empty: the official outcome.
    pub selected: Option<bool>,
    /// Values of the other columns, in the order they appear in [`PbFile::project_columns`].
    pub extra: Vec<String>,
}

/// One row of VOTES.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Vote {
    /// `voter_id`.
    pub voter_id: String,
    /// The projects of the `vote` column, as indices into [`PbFile::projects`], in the
    /// order written (the ranking, best first, for ordinal ballots).
    pub ballot: Vec<u32>,
    /// The `points` column, parallel to `ballot`, when the file has one.
    pub points: Option<Vec<i64>>,
    /// Values of the other columns, in the order they appear in [`PbFile::vote_columns`].
    pub extra: Vec<String>,
}

/// A whole `.pb` file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PbFile {
    /// META rows, in file order.
    pub meta: Vec<(String, String)>,
    /// PROJECTS header, in file order (always contains `project_id` and `cost`).
    pub project_columns: Vec<String>,
    pub projects: Vec<Project>,
    /// VOTES header, in file order (always contains `voter_id` and `vote`).
    pub vote_columns: Vec<String>,
    pub votes: Vec<Vote>,
}

const PROJECT_KNOWN: [&str; 6] = ["project_id", "cost", "votes", "score", "name", "selected"];
const VOTE_KNOWN: [&str; 3] = ["voter_id", "vote", "points"];

impl PbFile {
    /// A META value (keys compared exactly, after trimming).
    pub fn meta_get(&self, key: &str) -> Option<&str> {
        self.meta
            .iter()
            .find(|(k, _)| k.trim() == key)
            .map(|(_, v)| v.as_str())
    }

    /// Set (or add) a META value.
    pub fn meta_set(&mut self, key: &str, value: impl Into<String>) {
        let value = value.into();
        match self.meta.iter_mut().find(|(k, _)| k.trim() == key) {
            Some(entry) => entry.1 = value,
            None => self.meta.push((key.to_string(), value)),
        }
    }

    /// META `budget`.
    pub fn budget(&self) -> Result<Decimal, PbError> {
        let v = self
            .meta_get("budget")
            .ok_or_else(|| PbError::new(0, "META has no 'budget'"))?;
        v.parse()
            .map_err(|e: DecimalError| PbError::new(0, format!("META budget: {e}")))
    }

    /// META `vote_type` (approval when absent).
    pub fn vote_type(&self) -> VoteType {
        self.meta_get("vote_type")
            .map(VoteType::from_meta)
            .unwrap_or(VoteType::Approval)
    }

    /// Index of a project by id.
    pub fn project_index(&self, id: &str) -> Option<usize> {
        self.projects.iter().position(|p| p.id == id)
    }

    /// Extra-column value of a project by column name.
    pub fn project_extra(&self, project: usize, column: &str) -> Option<&str> {
        let k = self
            .project_columns
            .iter()
            .filter(|c| !PROJECT_KNOWN.contains(&c.as_str()))
            .position(|c| c == column)?;
        self.projects.get(project)?.extra.get(k).map(String::as_str)
    }
}

fn is_title(rec: &Record, name: &str) -> bool {
    rec.fields
        .first()
        .is_some_and(|f| f.trim().eq_ignore_ascii_case(name))
        && rec.fields[1..].iter().all(|f| f.trim().is_empty())
}

#[derive(PartialEq, Eq, Clone, Copy, Debug)]
enum Section {
    None,
    Meta,
    Projects,
    Votes,
}

fn header(rec: &Record, required: &[&str], section: &str) -> Result<Vec<String>, PbError> {
    let cols: Vec<String> = rec.fields.iter().map(|f| f.trim().to_string()).collect();
    for r in required {
        if !cols.iter().any(|c| c == r) {
            return Err(PbError::new(
                rec.line,
                format!("{section} header has no '{r}' column"),
            ));
        }
    }
    let mut seen = FxHashSet::default();
    for c in &cols {
        if c.is_empty() {
            return Err(PbError::new(
                rec.line,
                format!("{section} header has an empty column name"),
            ));
        }
        if !seen.insert(c.as_str()) {
            return Err(PbError::new(
                rec.line,
                format!("{section} header repeats column '{c}'"),
            ));
        }
    }
    Ok(cols)
}

/// Check a row against its header; missing trailing fields are read as empty.
fn row_fields<'a>(
    rec: Record<'a>,
    ncols: usize,
    section: &str,
) -> Result<Vec<Cow<'a, str>>, PbError> {
    let mut fields = rec.fields;
    if fields.len() > ncols {
        // Trailing empty fields (a stray `;` at the end) are harmless.
        while fields.len() > ncols && fields.last().is_some_and(|f| f.trim().is_empty()) {
            fields.pop();
        }
        if fields.len() > ncols {
            return Err(PbError::new(
                rec.line,
                format!(
                    "{section} row has {} fields but the header has {ncols}",
                    fields.len()
                ),
            ));
        }
    }
    fields.resize(ncols, Cow::Borrowed(""));
    Ok(fields)
}

fn parse_u64(s: &str, line: usize, what: &str) -> Result<Option<u64>, PbError> {
    let t = s.trim();
    if t.is_empty() {
        return Ok(None);
    }
    if let Ok(v) = t.parse::<u64>() {
        return Ok(Some(v));
    }
    // Accept "12.0".
    match t.parse::<Decimal>().ok().and_then(|d| d.to_integer()) {
        Some(v) if v >= 0 => Ok(Some(v as u64)),
        _ => Err(PbError::new(
            line,
            format!("{what} '{t}' is not a whole non-negative number"),
        )),
    }
}

/// Parse the text of a `.pb` file.
pub fn parse(text: &str) -> Result<PbFile, PbError> {
    let mut meta: Vec<(String, String)> = Vec::new();
    let mut project_columns: Vec<String> = Vec::new();
    let mut projects: Vec<Project> = Vec::new();
    let mut vote_columns: Vec<String> = Vec::new();
    let mut votes: Vec<Vote> = Vec::new();

    let mut section = Section::None;
    let mut need_header = false;
    let mut seen_sections: Vec<Section> = Vec::new();
    let mut project_ids: FxHashMap<String, u32> = FxHashMap::default();
    let mut vote_lines: Vec<usize> = Vec::new();
    let mut meta_keys: FxHashSet<String> = FxHashSet::default();
    let mut last_line = 0;
    // Column positions.
    let mut pcol: HashMap<&'static str, usize> = HashMap::new();
    let mut vcol: HashMap<&'static str, usize> = HashMap::new();
    let mut points_needed = false;
    let mut vote_extra_cols: Vec<usize> = Vec::new();
    let mut titles: [usize; 3] = [0; 3];

    for rec in Records::new(text) {
        let rec = rec.map_err(|(line, msg)| PbError::new(line, msg))?;
        last_line = rec.line;
        if rec.is_blank() {
            continue;
        }
        let mut next = None;
        for (s, name) in [
            (Section::Meta, "META"),
            (Section::Projects, "PROJECTS"),
            (Section::Votes, "VOTES"),
        ] {
            if is_title(&rec, name) {
                next = Some((s, name));
            }
        }
        if let Some((s, name)) = next {
            if seen_sections.contains(&s) {
                return Err(PbError::new(
                    rec.line,
                    format!("section {name} appears twice"),
                ));
            }
            match s {
                Section::Projects if !seen_sections.contains(&Section::Meta) => {
                    return Err(PbError::new(rec.line, "PROJECTS section before META"));
                }
                Section::Votes if !seen_sections.contains(&Section::Projects) => {
                    return Err(PbError::new(rec.line, "VOTES section before PROJECTS"));
                }
                _ => {}
            }
            let idx = match s {
                Section::Meta => 0,
                Section::Projects => 1,
                _ => 2,
            };
            titles[idx] = rec.line;
            seen_sections.push(s);
            section = s;
            need_header = true;
            if s == Section::Votes {
                points_needed = VoteType::from_meta(
                    meta.iter()
                        .find(|(k, _)| k == "vote_type")
                        .map(|(_, v)| v.as_str())
                        .unwrap_or("approval"),
                )
                .has_points();
            }
            continue;
        }
        match section {
            Section::None => {
                return Err(PbError::new(
                    rec.line,
                    "expected a section title (META, PROJECTS or VOTES)",
                ));
            }
            Section::Meta => {
                if need_header {
                    need_header = false;
                    let h: Vec<&str> = rec.fields.iter().map(|f| f.trim()).collect();
                    if h != ["key", "value"] {
                        return Err(PbError::new(rec.line, "META header must be 'key;value'"));
                    }
                    continue;
                }
                let line = rec.line;
                let f = row_fields(rec, 2, "META")?;
                let key = f[0].trim().to_string();
                if key.is_empty() {
                    return Err(PbError::new(line, "META row with an empty key"));
                }
                if !meta_keys.insert(key.clone()) {
                    return Err(PbError::new(
                        line,
                        format!("META key '{key}' appears twice"),
                    ));
                }
                let value = f[1].to_string();
                match key.as_str() {
                    "budget" => {
                        let d: Decimal = value.parse().map_err(|e: DecimalError| {
                            PbError::new(line, format!("budget: {e}"))
                        })?;
                        if d.mantissa < 0 {
                            return Err(PbError::new(line, "budget is negative"));
                        }
                    }
                    "num_projects" | "num_votes" => {
                        parse_u64(&value, line, &key)?;
                    }
                    "min_project_score_threshold" => {
                        value.parse::<Decimal>().map_err(|e| {
                            PbError::new(line, format!("min_project_score_threshold: {e}"))
                        })?;
                    }
                    _ => {}
                }
                meta.push((key, value));
            }
            Section::Projects => {
                if need_header {
                    need_header = false;
                    project_columns = header(&rec, &["project_id", "cost"], "PROJECTS")?;
                    for k in PROJECT_KNOWN {
                        if let Some(i) = project_columns.iter().position(|c| c == k) {
                            pcol.insert(k, i);
                        }
                    }
                    continue;
                }
                let line = rec.line;
                let f = row_fields(rec, project_columns.len(), "PROJECTS")?;
                let get = |k: &str| pcol.get(k).map(|&i| f[i].as_ref());
                let id = get("project_id").unwrap_or("").trim().to_string();
                if id.is_empty() {
                    return Err(PbError::new(line, "project with an empty project_id"));
                }
                if id.contains(',') {
                    return Err(PbError::new(
                        line,
                        format!("project id '{id}' contains ',' (it could not appear in a vote)"),
                    ));
                }
                let cost_s = get("cost").unwrap_or("");
                let cost: Decimal = cost_s.parse().map_err(|e: DecimalError| {
                    PbError::new(line, format!("cost of project '{id}': {e}"))
                })?;
                if cost.mantissa < 0 {
                    return Err(PbError::new(
                        line,
                        format!("cost of project '{id}' is negative"),
                    ));
                }
                let votes_n = match get("votes") {
                    Some(s) => parse_u64(s, line, "votes")?,
                    None => None,
                };
                let score = match get("score").map(str::trim) {
                    Some(s) if !s.is_empty() => Some(s.parse::<Decimal>().map_err(|e| {
                        PbError::new(line, format!("score of project '{id}': {e}"))
                    })?),
                    _ => None,
                };
                let name = get("name").filter(|s| !s.is_empty()).map(str::to_string);
                let selected = match get("selected").map(str::trim) {
                    None | Some("") => None,
                    Some("1") | Some("1.0") | Some("true") | Some("True") => Some(true),
                    Some("0") | Some("0.0") | Some("false") | Some("False") => Some(false),
                    Some(other) => {
                        return Err(PbError::new(
                            line,
                            format!("selected of project '{id}' is '{other}', expected 1 or 0"),
                        ));
                    }
                };
                let extra: Vec<String> = project_columns
                    .iter()
                    .zip(f.iter())
                    .filter(|(c, _)| !PROJECT_KNOWN.contains(&c.as_str()))
                    .map(|(_, v)| v.to_string())
                    .collect();
                if project_ids.contains_key(&id) {
                    return Err(PbError::new(line, format!("project '{id}' appears twice")));
                }
                let Ok(index) = u32::try_from(projects.len()) else {
                    return Err(PbError::new(line, "too many projects"));
                };
                project_ids.insert(id.clone(), index);
                projects.push(Project {
                    id,
                    cost,
                    votes: votes_n,
                    score,
                    name,
                    selected,
                    extra,
                });
            }
            Section::Votes => {
                if need_header {
                    need_header = false;
                    vote_columns = header(&rec, &["voter_id", "vote"], "VOTES")?;
                    for k in VOTE_KNOWN {
                        if let Some(i) = vote_columns.iter().position(|c| c == k) {
                            vcol.insert(k, i);
                        }
                    }
                    vote_extra_cols = (0..vote_columns.len())
                        .filter(|&i| !VOTE_KNOWN.contains(&vote_columns[i].as_str()))
                        .collect();
                    if points_needed && !vcol.contains_key("points") {
                        return Err(PbError::new(
                            rec.line,
                            "vote_type needs a 'points' column in VOTES",
                        ));
                    }
                    continue;
                }
                let line = rec.line;
                let f = row_fields(rec, vote_columns.len(), "VOTES")?;
                let get = |k: &str| vcol.get(k).map(|&i| f[i].as_ref());
                let voter_id = get("voter_id").unwrap_or("").trim().to_string();
                if voter_id.is_empty() {
                    return Err(PbError::new(line, "vote with an empty voter_id"));
                }
                let vote_s = get("vote").unwrap_or("").trim();
                let mut ballot = Vec::new();
                if !vote_s.is_empty() {
                    for item in vote_s.split(',') {
                        let item = item.trim();
                        if item.is_empty() {
                            return Err(PbError::new(
                                line,
                                format!("empty project id in vote of voter '{voter_id}'"),
                            ));
                        }
                        let Some(&p) = project_ids.get(item) else {
                            return Err(PbError::new(
                                line,
                                format!("project '{item}' in vote is not in PROJECTS"),
                            ));
                        };
                        if ballot.contains(&p) {
                            return Err(PbError::new(
                                line,
                                format!(
                                    "project '{item}' appears twice in the vote of voter '{voter_id}'"
                                ),
                            ));
                        }
                        ballot.push(p);
                    }
                }
                let points = match get("points") {
                    None => None,
                    Some(s) => {
                        let s = s.trim();
                        let mut pts = Vec::new();
                        if !s.is_empty() {
                            for item in s.split(',') {
                                let d: Decimal = item.parse().map_err(|e: DecimalError| {
                                    PbError::new(line, format!("points: {e}"))
                                })?;
                                let v = d.to_integer().ok_or_else(|| {
                                    PbError::new(
                                        line,
                                        format!("points '{}' is not whole", item.trim()),
                                    )
                                })?;
                                if v < 0 {
                                    return Err(PbError::new(
                                        line,
                                        format!("points '{}' is negative", item.trim()),
                                    ));
                                }
                                pts.push(v);
                            }
                        }
                        if pts.len() != ballot.len() {
                            return Err(PbError::new(
                                line,
                                format!(
                                    "vote lists {} projects but points lists {} numbers",
                                    ballot.len(),
                                    pts.len()
                                ),
                            ));
                        }
                        Some(pts)
                    }
                };
                let extra: Vec<String> =
                    vote_extra_cols.iter().map(|&i| f[i].to_string()).collect();
                vote_lines.push(line);
                votes.push(Vote {
                    voter_id,
                    ballot,
                    points,
                    extra,
                });
            }
        }
    }
    let _ = last_line;
    {
        let mut seen: FxHashSet<&str> = FxHashSet::default();
        seen.reserve(votes.len());
        for (v, line) in votes.iter().zip(&vote_lines) {
            if !seen.insert(v.voter_id.as_str()) {
                return Err(PbError::new(
                    *line,
                    format!("voter '{}' votes twice", v.voter_id),
                ));
            }
        }
    }
    for (i, name) in ["META", "PROJECTS", "VOTES"].iter().enumerate() {
        if titles[i] == 0 {
            return Err(PbError::new(0, format!("the file has no {name} section")));
        }
    }
    if project_columns.is_empty() {
        return Err(PbError::new(
            titles[1],
            "PROJECTS section has no header line",
        ));
    }
    if vote_columns.is_empty() {
        return Err(PbError::new(titles[2], "VOTES section has no header line"));
    }
    let file = PbFile {
        meta,
        project_columns,
        projects,
        vote_columns,
        votes,
    };
    if file.meta_get("budget").is_none() {
        return Err(PbError::new(titles[0], "META has no 'budget'"));
    }
    if let Some(n) = file.meta_get("num_projects") {
        let n = parse_u64(n, titles[0], "num_projects")?.unwrap_or(0);
        if n != file.projects.len() as u64 {
            return Err(PbError::new(
                titles[1],
                format!(
                    "META num_projects is {n} but PROJECTS has {} rows",
                    file.projects.len()
                ),
            ));
        }
    }
    if let Some(n) = file.meta_get("num_votes") {
        let n = parse_u64(n, titles[0], "num_votes")?.unwrap_or(0);
        if n != file.votes.len() as u64 {
            return Err(PbError::new(
                titles[2],
                format!(
                    "META num_votes is {n} but VOTES has {} rows",
                    file.votes.len()
                ),
            ));
        }
    }
    Ok(file)
}

/// Read and parse a file from disk. I/O errors are reported with line 0.
pub fn read_file(path: &std::path::Path) -> Result<PbFile, PbError> {
    let bytes = std::fs::read(path)
        .map_err(|e| PbError::new(0, format!("cannot read {}: {e}", path.display())))?;
    let text = String::from_utf8(bytes)
        .map_err(|e| PbError::new(0, format!("{} is not UTF-8: {e}", path.display())))?;
    parse(&text)
}

fn join_list<T: fmt::Display>(items: impl IntoIterator<Item = T>) -> String {
    let mut s = String::new();
    for (i, it) in items.into_iter().enumerate() {
        if i > 0 {
            s.push(',');
        }
        s.push_str(&it.to_string());
    }
    s
}

/// Columns to write: the file's own, plus any known column that a row needs.
fn effective_columns(cols: &[String], required: &[&str], optional: &[(&str, bool)]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for r in required {
        if !cols.iter().any(|c| c == r) {
            out.push((*r).to_string());
        }
    }
    out.extend(cols.iter().cloned());
    for (name, needed) in optional {
        if *needed && !out.iter().any(|c| c == name) {
            out.push((*name).to_string());
        }
    }
    out
}

/// Write a file in Pabulib format (`\n` line ends; fields quoted only when needed).
pub fn write(file: &PbFile) -> String {
    let mut out = String::with_capacity(64 * (file.votes.len() + file.projects.len() + 32));
    out.push_str("META\n");
    push_record(&mut out, ["key", "value"]);
    for (k, v) in &file.meta {
        push_record(&mut out, [k.as_str(), v.as_str()]);
    }

    out.push_str("PROJECTS\n");
    let pcols = effective_columns(
        &file.project_columns,
        &["project_id", "cost"],
        &[
            ("votes", file.projects.iter().any(|p| p.votes.is_some())),
            ("score", file.projects.iter().any(|p| p.score.is_some())),
            ("name", file.projects.iter().any(|p| p.name.is_some())),
            (
                "selected",
                file.projects.iter().any(|p| p.selected.is_some()),
            ),
        ],
    );
    push_record(&mut out, pcols.iter().map(String::as_str));
    for p in &file.projects {
        let mut extra = p.extra.iter();
        let row: Vec<String> = pcols
            .iter()
            .map(|c| match c.as_str() {
                "project_id" => p.id.clone(),
                "cost" => p.cost.to_string(),
                "votes" => p.votes.map(|v| v.to_string()).unwrap_or_default(),
                "score" => p.score.map(|v| v.to_string()).unwrap_or_default(),
                "name" => p.name.clone().unwrap_or_default(),
                "selected" => match p.selected {
                    Some(true) => "1".to_string(),
                    Some(false) => "0".to_string(),
                    None => String::new(),
                },
                _ => extra.next().cloned().unwrap_or_default(),
            })
            .collect();
        push_record(&mut out, row.iter().map(String::as_str));
    }

    out.push_str("VOTES\n");
    let vcols = effective_columns(
        &file.vote_columns,
        &["voter_id", "vote"],
        &[("points", file.votes.iter().any(|v| v.points.is_some()))],
    );
    push_record(&mut out, vcols.iter().map(String::as_str));
    for v in &file.votes {
        let mut extra = v.extra.iter();
        let row: Vec<String> = vcols
            .iter()
            .map(|c| match c.as_str() {
                "voter_id" => v.voter_id.clone(),
                "vote" => join_list(
                    v.ballot
                        .iter()
                        .map(|&p| file.projects.get(p as usize).map_or("?", |p| p.id.as_str())),
                ),
                "points" => v.points.as_ref().map(join_list).unwrap_or_default(),
                _ => extra.next().cloned().unwrap_or_default(),
            })
            .collect();
        push_record(&mut out, row.iter().map(String::as_str));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: &str = "META\nkey;value\ndescription;\"Test; with quote \"\"x\"\"\"\nbudget;100.50\nvote_type;cumulative\nnum_votes;2\nPROJECTS\nproject_id;cost;name;category;selected\n1;50.25;First;parks;1\n2;40;\"Se;cond\";;0\nVOTES\nvoter_id;vote;points;age\nv1;1,2;2,1;30\nv2;2;3;\n";

    #[test]
    fn parse_small() {
        let f = parse(SMALL).expect("valid");
        assert_eq!(f.meta_get("description"), Some("Test; with quote \"x\""));
        assert_eq!(f.vote_type(), VoteType::Cumulative);
        assert_eq!(f.budget().expect("budget").to_string(), "100.50");
        assert_eq!(f.projects.len(), 2);
        assert_eq!(f.projects[1].name.as_deref(), Some("Se;cond"));
        assert_eq!(f.projects[0].extra, vec!["parks".to_string()]);
        assert_eq!(f.project_extra(1, "category"), Some(""));
        assert_eq!(f.projects[0].selected, Some(true));
        assert_eq!(f.votes[0].ballot, vec![0, 1]);
        assert_eq!(f.votes[0].points, Some(vec![2, 1]));
        assert_eq!(f.votes[1].extra, vec![String::new()]);
        let again = parse(&write(&f)).expect("round trip");
        assert_eq!(again, f);
    }

    #[test]
    fn errors_name_lines() {
        let bad = SMALL.replace("v2;2;3;", "v2;7;3;");
        let e = parse(&bad).expect_err("unknown project");
        assert_eq!(
            e.to_string(),
            "line 14: project '7' in vote is not in PROJECTS"
        );
        let bad = SMALL.replace("2;40;", "2;forty;");
        assert_eq!(parse(&bad).expect_err("bad cost").line, 10);
        let bad = SMALL.replace("v1;1,2;2,1;30", "v1;1,2;2;30");
        assert_eq!(parse(&bad).expect_err("points").line, 13);
        let bad = SMALL.replace("num_votes;2", "num_votes;3");
        assert_eq!(parse(&bad).expect_err("count").line, 11);
        assert!(parse("").is_err());
        assert!(parse("hello").is_err());
    }
}
