//! The accountability rules as pure functions: the progress of a result computed from its
//! sub-results, the shape of the tree (three levels at most, no cycle), and the checks of a
//! form's or a CSV cell's values.
//!
//! Why progress is computed when read, not stored: a parent's progress is a function of its
//! children's, and two staff members (or two CSV imports) updating two children at once would,
//! with a stored aggregate, each recompute it from what their transaction saw and the last to
//! commit would leave a stale value unless every child write locked the parent. Computed on
//! read from the rows themselves, it is always exactly the function of what is stored, whatever
//! the interleaving — and every page reads the whole (small) tree of its component anyway.

use std::collections::{HashMap, HashSet};

/// Results may nest this deep: result → sub-result → sub-sub-result.
pub const MAX_DEPTH: usize = 3;

/// How a parent's progress follows from its children's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProgressRule {
    /// The plain mean of the children's progress.
    Average,
    /// The mean weighted by each child's weight (its own, or the cost of its projects).
    Weighted,
}

impl ProgressRule {
    pub fn as_str(self) -> &'static str {
        match self {
            ProgressRule::Average => "average",
            ProgressRule::Weighted => "weighted",
        }
    }
}

/// What the progress computation needs of a result.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub id: i64,
    pub parent_id: Option<i64>,
    /// Its own progress (what a leaf shows).
    pub progress: i64,
    /// Its explicit weight.
    pub weight: Option<i64>,
    /// The total cost of its linked budget projects (the weight when none is given).
    pub cost: i64,
}

impl Node {
    fn weight(&self) -> i64 {
        self.weight.unwrap_or(self.cost).max(0)
    }
}

/// The progress of every result: its own for a leaf, its children's average or weighted mean
/// for a parent (when every weight is zero, the plain average). Values are in 0..=100.
pub fn progress(nodes: &[Node], rule: ProgressRule) -> HashMap<i64, f64> {
    let by_id: HashMap<i64, &Node> = nodes.iter().map(|n| (n.id, n)).collect();
    let mut children: HashMap<i64, Vec<i64>> = HashMap::new();
    for n in nodes {
        if let Some(p) = n.parent_id.filter(|p| by_id.contains_key(p)) {
            children.entry(p).or_default().push(n.id);
        }
    }
    let mut out = HashMap::new();
    for n in nodes {
        let mut visiting = HashSet::new();
        compute(n.id, &by_id, &children, rule, &mut out, &mut visiting);
    }
    out
}

fn compute(
    id: i64,
    by_id: &HashMap<i64, &Node>,
    children: &HashMap<i64, Vec<i64>>,
    rule: ProgressRule,
    out: &mut HashMap<i64, f64>,
    visiting: &mut HashSet<i64>,
) -> f64 {
    if let Some(v) = out.get(&id) {
        return *v;
    }
    let own = by_id
        .get(&id)
        .map_or(0.0, |n| n.progress.clamp(0, 100) as f64);
    // A cycle cannot be stored (the writes refuse it); if one were, its nodes show their own.
    if !visiting.insert(id) {
        return own;
    }
    let value = match children.get(&id) {
        None => own,
        Some(kids) => {
            let values: Vec<(f64, i64)> = kids
                .iter()
                .map(|k| {
                    let v = compute(*k, by_id, children, rule, out, visiting);
                    (v, by_id.get(k).map_or(0, |n| n.weight()))
                })
                .collect();
            let total_weight: i64 = values.iter().map(|(_, w)| *w).sum();
            if rule == ProgressRule::Weighted && total_weight > 0 {
                values.iter().map(|(v, w)| v * *w as f64).sum::<f64>() / total_weight as f64
            } else {
                values.iter().map(|(v, _)| v).sum::<f64>() / values.len() as f64
            }
        }
    };
    visiting.remove(&id);
    out.insert(id, value);
    value
}

/// A progress as shown: a whole percentage (half up).
pub fn percent(value: f64) -> i64 {
    (value.clamp(0.0, 100.0) + 0.5).floor() as i64
}

/// Why a place in the tree is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TreeProblem {
    /// The parent is the result itself or one of its sub-results.
    Cycle,
    /// The result or one of its sub-results would be deeper than [`MAX_DEPTH`].
    TooDeep,
    /// The parent does not exist (in this component).
    UnknownParent,
}

impl TreeProblem {
    pub fn key(self) -> &'static str {
        match self {
            TreeProblem::Cycle => "accountability-error-cycle",
            TreeProblem::TooDeep => "accountability-error-too-deep",
            TreeProblem::UnknownParent => "accountability-error-parent",
        }
    }
}

/// Checks a whole tree, given as `id → parent`: no cycle, no parent outside the tree, no
/// result deeper than [`MAX_DEPTH`]. Returns the first offending id and why.
pub fn check_tree(parents: &HashMap<i64, Option<i64>>) -> Result<(), (i64, TreeProblem)> {
    let mut ids: Vec<i64> = parents.keys().copied().collect();
    ids.sort_unstable();
    for id in ids {
        let mut depth = 1;
        let mut seen = HashSet::from([id]);
        let mut current = id;
        while let Some(Some(parent)) = parents.get(&current) {
            if !parents.contains_key(parent) {
                return Err((id, TreeProblem::UnknownParent));
            }
            if !seen.insert(*parent) {
                return Err((id, TreeProblem::Cycle));
            }
            depth += 1;
            if depth > MAX_DEPTH {
                return Err((id, TreeProblem::TooDeep));
            }
            current = *parent;
        }
    }
    Ok(())
}

/// Parses a list of ids as staff write them: separated by commas, semicolons, spaces or `|`,
/// each optionally prefixed by `#`. Duplicates are dropped. `Err` carries the word that is no id.
pub fn parse_ids(text: &str) -> Result<Vec<i64>, String> {
    let mut ids = Vec::new();
    for word in text
        .split(|c: char| c == ',' || c == ';' || c == '|' || c.is_whitespace())
        .filter(|w| !w.is_empty())
    {
        match word.trim_start_matches('#').parse::<i64>() {
            Ok(id) if id > 0 => {
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
            _ => return Err(word.to_string()),
        }
    }
    Ok(ids)
}

/// A progress as typed: a whole number from 0 to 100, `%` allowed.
pub fn parse_progress(text: &str) -> Option<i64> {
    let text = text.trim().trim_end_matches('%').trim();
    text.parse::<i64>().ok().filter(|n| (0..=100).contains(n))
}

/// A status code: 1–40 lower-case letters, digits and dashes.
pub fn valid_code(code: &str) -> bool {
    !code.is_empty()
        && code.len() <= 40
        && code
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

/// The ids of `id` and all its descendants in `parents`.
pub fn subtree(parents: &HashMap<i64, Option<i64>>, id: i64) -> HashSet<i64> {
    let mut out = HashSet::from([id]);
    loop {
        let before = out.len();
        for (child, parent) in parents {
            if parent.is_some_and(|p| out.contains(&p)) {
                out.insert(*child);
            }
        }
        if out.len() == before {
            return out;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(id: i64, parent: Option<i64>, progress: i64, weight: Option<i64>, cost: i64) -> Node {
        Node {
            id,
            parent_id: parent,
            progress,
            weight,
            cost,
        }
    }

    #[test]
    fn a_parent_follows_its_children_by_average_or_weight() {
        let nodes = vec![
            node(1, None, 0, None, 0),
            node(2, Some(1), 100, Some(3), 0),
            node(3, Some(1), 0, Some(1), 0),
            node(4, None, 40, None, 0),
        ];
        let avg = progress(&nodes, ProgressRule::Average);
        assert_eq!(avg[&1], 50.0);
        assert_eq!(avg[&4], 40.0, "a leaf shows its own");
        let weighted = progress(&nodes, ProgressRule::Weighted);
        assert_eq!(weighted[&1], 75.0);
    }

    #[test]
    fn weights_default_to_project_costs_and_zero_weights_average() {
        let nodes = vec![
            node(1, None, 0, None, 0),
            node(2, Some(1), 100, None, 90_000),
            node(3, Some(1), 0, None, 10_000),
            node(5, None, 0, None, 0),
            node(6, Some(5), 100, None, 0),
            node(7, Some(5), 0, None, 0),
        ];
        let p = progress(&nodes, ProgressRule::Weighted);
        assert_eq!(percent(p[&1]), 90);
        assert_eq!(p[&5], 50.0, "no weights at all: the plain average");
    }

    #[test]
    fn progress_flows_up_three_levels() {
        let nodes = vec![
            node(1, None, 0, None, 0),
            node(2, Some(1), 0, None, 0),
            node(3, Some(2), 30, None, 0),
            node(4, Some(2), 60, None, 0),
            node(5, Some(1), 100, None, 0),
        ];
        let p = progress(&nodes, ProgressRule::Average);
        assert_eq!(p[&2], 45.0);
        assert_eq!(p[&1], 72.5);
        assert_eq!(percent(p[&1]), 73);
    }

    #[test]
    fn a_stored_cycle_does_not_hang() {
        let nodes = vec![node(1, Some(2), 10, None, 0), node(2, Some(1), 20, None, 0)];
        let p = progress(&nodes, ProgressRule::Average);
        assert_eq!(p.len(), 2);
    }

    #[test]
    fn trees_deeper_than_three_or_cyclic_are_refused() {
        let ok = HashMap::from([(1, None), (2, Some(1)), (3, Some(2))]);
        assert_eq!(check_tree(&ok), Ok(()));
        let deep = HashMap::from([(1, None), (2, Some(1)), (3, Some(2)), (4, Some(3))]);
        assert_eq!(check_tree(&deep), Err((4, TreeProblem::TooDeep)));
        let cycle = HashMap::from([(1, Some(2)), (2, Some(1))]);
        assert_eq!(check_tree(&cycle), Err((1, TreeProblem::Cycle)));
        let orphan = HashMap::from([(1, Some(9))]);
        assert_eq!(check_tree(&orphan), Err((1, TreeProblem::UnknownParent)));
        assert_eq!(
            subtree(&ok, 2),
            HashSet::from([2, 3]),
            "a result and its descendants"
        );
    }

    #[test]
    fn ids_and_progress_parse_as_staff_type_them() {
        assert_eq!(parse_ids("12, #13;14 | 12"), Ok(vec![12, 13, 14]));
        assert_eq!(parse_ids(""), Ok(vec![]));
        assert_eq!(parse_ids("12 douze"), Err("douze".into()));
        assert_eq!(parse_ids("-3"), Err("-3".into()));
        assert_eq!(parse_progress(" 45 % "), Some(45));
        assert_eq!(parse_progress("101"), None);
        assert_eq!(parse_progress("4.5"), None);
        assert!(valid_code("in-progress"));
        assert!(!valid_code("En cours"));
    }
}
