//! What the open-data ZIP holds: every CSV file with its columns, described once. The header
//! row of each file and the README come from this table, so they cannot disagree.

/// One CSV file of the archive.
pub struct FileSpec {
    pub name: &'static str,
    pub about: &'static str,
    pub columns: &'static [(&'static str, &'static str)],
}

pub const SPACES: FileSpec = FileSpec {
    name: "spaces.csv",
    about: "The organisation's participatory processes and assemblies that anyone may see (published, not private).",
    columns: &[
        ("id", "Space id."),
        (
            "kind",
            "`process` (a participatory process, with phases) or `assembly` (a permanent body).",
        ),
        ("slug", "Short name in the space's address."),
        ("title", "Title."),
        ("description", "Description (Markdown)."),
        (
            "visibility",
            "`public` (anyone takes part) or `members_participate` (anyone reads, members take part).",
        ),
        (
            "active_phase_id",
            "The phase in progress (see phases.csv), empty when none.",
        ),
        ("published_at", "When it was published (ISO 8601, UTC)."),
        ("created_at", "When it was created (ISO 8601, UTC)."),
    ],
};

pub const PHASES: FileSpec = FileSpec {
    name: "phases.csv",
    about: "The phases of the spaces in spaces.csv, in their order.",
    columns: &[
        ("id", "Phase id."),
        ("space_id", "Its space (spaces.csv)."),
        ("position", "Order within the space, 0 first."),
        ("title", "Title."),
        ("description", "Description (Markdown)."),
        ("starts_on", "First day (YYYY-MM-DD), empty when not set."),
        ("ends_on", "Last day (YYYY-MM-DD), empty when not set."),
        ("active", "1 for the space's phase in progress, else 0."),
    ],
};

pub const COMPONENTS: FileSpec = FileSpec {
    name: "components.csv",
    about: "The published components of those spaces (proposals, polls, budgets, pages, discussion threads).",
    columns: &[
        ("id", "Component id."),
        ("space_id", "Its space (spaces.csv)."),
        (
            "kind",
            "`proposals`, `polls`, `budgets`, `page` or `threads`.",
        ),
        ("title", "Title."),
        ("position", "Order within the space."),
        ("url", "Its page, relative to the platform's address."),
    ],
};

pub const PROPOSALS: FileSpec = FileSpec {
    name: "proposals.csv",
    about: "Proposals of the proposals components. Proposals hidden by moderation are left out (no row); withdrawn proposals stay, with state `withdrawn`.",
    columns: &[
        ("id", "Proposal id."),
        ("component_id", "Its component (components.csv)."),
        ("space_id", "Its space (spaces.csv)."),
        ("title", "Title (current version)."),
        ("body", "Text (current version, Markdown)."),
        ("address", "Address, empty when none."),
        (
            "author_name",
            "The author's public display name; empty for a deleted account.",
        ),
        ("state", "`published` or `withdrawn`."),
        (
            "answer_state",
            "The published answer: `evaluating`, `accepted`, `rejected` or `custom`; empty when no answer is published.",
        ),
        ("answer_custom_state", "Name of a `custom` answer state."),
        ("answer_text", "The published answer's text (Markdown)."),
        (
            "answer_cost",
            "Estimated cost given with the answer, in whole currency units.",
        ),
        (
            "answer_published_at",
            "When the answer was published (ISO 8601, UTC).",
        ),
        ("supports_count", "Number of supports."),
        ("endorsements_count", "Number of endorsements."),
        (
            "comments_count",
            "Number of comments (not deleted ones; hidden ones included in the count but not in comments.csv).",
        ),
        ("created_at", "When it was created (ISO 8601, UTC)."),
        ("updated_at", "Last change (ISO 8601, UTC)."),
        ("url", "Its page, relative to the platform's address."),
    ],
};

pub const THREADS: FileSpec = FileSpec {
    name: "threads.csv",
    about: "Discussion threads of the threads components; those hidden by moderation are left out.",
    columns: &[
        ("id", "Thread id."),
        ("component_id", "Its component (components.csv)."),
        ("title", "Title."),
        ("context", "The context text (current version, Markdown)."),
        (
            "author_name",
            "The author's public display name; empty for a deleted account.",
        ),
        (
            "closed_at",
            "When it was closed to new replies (ISO 8601, UTC), empty when open.",
        ),
        ("comments_count", "Number of replies."),
        ("created_at", "When it was created (ISO 8601, UTC)."),
    ],
};

pub const COMMENTS: FileSpec = FileSpec {
    name: "comments.csv",
    about: "Comments on proposals, discussion threads and pages of the files above. Comments hidden by moderation, comments their author deleted, and comments on hidden content are left out (no row, no placeholder); a reply to such a comment keeps its `parent_id`.",
    columns: &[
        ("id", "Comment id."),
        (
            "resource_kind",
            "What it comments: `proposal` (proposals.csv), `thread` (threads.csv) or `page` (a page component of components.csv).",
        ),
        (
            "resource_id",
            "The id of that proposal, thread or component.",
        ),
        ("space_id", "Its space (spaces.csv)."),
        (
            "parent_id",
            "The comment it answers, empty for a top-level comment.",
        ),
        (
            "depth",
            "0 for a top-level comment, 1 for a reply, ... up to 3.",
        ),
        (
            "author_name",
            "The author's public display name; empty for a deleted account.",
        ),
        ("body", "Text (Markdown)."),
        (
            "alignment",
            "1 in favour, 0 neutral, -1 against (where the resource asks for a position).",
        ),
        ("up_votes", "Up votes."),
        ("down_votes", "Down votes."),
        ("created_at", "When it was written (ISO 8601, UTC)."),
        (
            "edited_at",
            "Last edit (ISO 8601, UTC), empty when never edited.",
        ),
    ],
};

pub const POLLS: FileSpec = FileSpec {
    name: "polls.csv",
    about: "Polls that were opened (drafts are left out).",
    columns: &[
        ("id", "Poll id."),
        ("component_id", "Its component (components.csv)."),
        ("space_id", "Its space (spaces.csv)."),
        (
            "poll_type",
            "`proposal`, `single_choice`, `multiple_choice`, `score`, `ranked_choice`, `dot_vote`, `majority_judgment`, `meeting` or `question`.",
        ),
        (
            "method",
            "Ranked choice: `borda`, `irv` or `schulze`; proposal: `proposal` or `consent`; else empty.",
        ),
        ("title", "Title."),
        ("details", "Details (Markdown)."),
        (
            "author_name",
            "The author's public display name; empty for a deleted account.",
        ),
        (
            "anonymous",
            "1 when the ballot is secret: nobody, not even the platform after the close, can tell who voted what.",
        ),
        ("status", "`open` or `closed`."),
        ("opened_at", "When it opened (ISO 8601, UTC)."),
        ("closes_at", "When it closes or closed (ISO 8601, UTC)."),
        ("ballots", "Number of ballots (closed polls only)."),
        (
            "winner_option_id",
            "The winning option (poll_options.csv) of a closed poll whose method names one; empty otherwise.",
        ),
        (
            "tie_broken",
            "1 when the winner was chosen among tied options by the method's tie rule.",
        ),
        (
            "proposal_outcome",
            "Proposal polls: `passed`, `not_passed`, `blocked`, `no_quorum` or `no_votes`.",
        ),
        (
            "outcome_text",
            "The outcome the author wrote after the close (Markdown).",
        ),
        (
            "outcome_option_id",
            "The option the author declared chosen, if any.",
        ),
        (
            "recount_file",
            "The ballot file to recount this poll with `agora tally-poll` (closed polls), empty otherwise.",
        ),
        (
            "quorum_percent",
            "The quorum: the share of eligible voters who had to take part, in percent; empty when none.",
        ),
        (
            "pass_percent",
            "The pass threshold: the share the agree position (proposal) or the winner had to reach, at least, in percent; empty when none.",
        ),
        (
            "pass_base",
            "What the pass threshold is counted over: `cast` (votes cast) or `eligible` (eligible voters).",
        ),
        (
            "eligible_voters",
            "Closed polls with a quorum or a pass threshold: how many people could vote; empty otherwise.",
        ),
        (
            "quorum_met",
            "Closed polls with a quorum: 1 when it was met, 0 when not; empty otherwise.",
        ),
        (
            "passed",
            "Closed polls with a pass threshold: 1 when the proposal or the winner passed, 0 when not; empty otherwise.",
        ),
    ],
};

pub const POLL_OPTIONS: FileSpec = FileSpec {
    name: "poll_options.csv",
    about: "The options of the polls in polls.csv.",
    columns: &[
        ("id", "Option id."),
        ("poll_id", "Its poll (polls.csv)."),
        ("position", "Order in the poll, 0 first."),
        ("title", "Title (empty for fixed positions)."),
        (
            "code",
            "Fixed options: `agree`, `abstain`, `disagree`, `block` (proposal polls) or `none` (none of the above); else empty.",
        ),
        (
            "name_in_recount_file",
            "The option's name in the poll's recount file.",
        ),
    ],
};

pub const POLL_RESULTS: FileSpec = FileSpec {
    name: "poll_results.csv",
    about: "The results of closed polls, one row per option, as published on the poll's page.",
    columns: &[
        ("poll_id", "The poll (polls.csv)."),
        ("option_id", "The option (poll_options.csv)."),
        (
            "value",
            "The main number: votes (single choice, proposal), approvals (multiple choice), sum of scores (score), Borda points or first preferences (ranked choice), points (dot vote), median grade index, 0 worst (majority judgment), `yes` answers (meeting).",
        ),
        ("winner", "1 for the winning option, else 0."),
    ],
};

pub const POLL_BALLOTS: FileSpec = FileSpec {
    name: "poll_ballots.csv",
    about: "Every ballot of every closed poll, without any voter identity (for named polls too), sorted by content so that the order says nothing about who voted or when.",
    columns: &[
        ("poll_id", "The poll (polls.csv)."),
        ("ballot", "Ballot number within the poll, from 1."),
        (
            "receipt_hash",
            "SHA-256 of the receipt code the voter received: a voter finds their ballot by hashing their code.",
        ),
        (
            "content",
            "The ballot as JSON, options by id (poll_options.csv): `choice` (one option), `choices` (several), `scores` (option → score, points, grade index or meeting answer 0 no / 1 maybe / 2 yes), `ranking` (most preferred first).",
        ),
        ("reason", "The reason the voter gave, if any."),
    ],
};

pub const BUDGETS: FileSpec = FileSpec {
    name: "budgets.csv",
    about: "Budgets of the budgets components, with their published result.",
    columns: &[
        ("id", "Budget id."),
        ("component_id", "Its component (components.csv)."),
        ("space_id", "Its space (spaces.csv)."),
        ("title", "Title."),
        ("description", "Description (Markdown)."),
        ("total", "Amount to spend, in whole currency units."),
        ("currency", "Currency code."),
        (
            "ballot_rule",
            "How people vote: `approval`, `choose`, `points` or `ranking`.",
        ),
        (
            "min_percent",
            "Approval: share of the budget a ballot must spend at least.",
        ),
        ("min_projects", "Choose: fewest projects on a ballot."),
        (
            "max_projects",
            "Choose: most projects on a ballot (0: no limit).",
        ),
        (
            "points",
            "Points: points each voter distributes; ranking: most projects ranked.",
        ),
        (
            "result_rule",
            "The counting rule of the published result: `greedy`, `greedy-threshold`, `mes-add1`, `phragmen` or `max-supporters`; empty when no result is published.",
        ),
        (
            "result_threshold",
            "greedy-threshold: the votes (points, for points and ranking budgets) a project needed to be considered; empty otherwise.",
        ),
        ("result_total_cost", "Cost of the selected projects."),
        ("result_voters", "Number of ballots counted."),
        (
            "result_published_at",
            "When the result was published (ISO 8601, UTC).",
        ),
        (
            "recount_file",
            "The Pabulib file to recount this budget with `agora tally` (published results), empty otherwise.",
        ),
    ],
};

pub const BUDGET_PROJECTS: FileSpec = FileSpec {
    name: "budget_projects.csv",
    about: "The projects of the budgets in budgets.csv.",
    columns: &[
        (
            "id",
            "Project id (also its `project_id` in the Pabulib file).",
        ),
        ("budget_id", "Its budget (budgets.csv)."),
        ("title", "Title."),
        ("description", "Description (Markdown)."),
        ("cost", "Cost, in whole currency units."),
        ("category", "Category, empty when none."),
        ("district", "District, empty when none."),
        (
            "proposal_ids",
            "The proposals (proposals.csv) it comes from, separated by spaces.",
        ),
    ],
};

pub const BUDGET_RESULTS: FileSpec = FileSpec {
    name: "budget_results.csv",
    about: "The selected projects of every published budget result, in the order the rule chose them.",
    columns: &[
        ("budget_id", "The budget (budgets.csv)."),
        (
            "rank",
            "Order in which the rule selected the project, from 1.",
        ),
        ("project_id", "The project (budget_projects.csv)."),
        ("cost", "Its cost."),
    ],
};

pub const BUDGET_BALLOTS: FileSpec = FileSpec {
    name: "budget_ballots.csv",
    about: "The cast ballots of budgets whose result is published, one row per project on a ballot. Voters are numbered 1, 2, 3 ... per budget after sorting the ballots by content, as in the Pabulib file: the number says nothing about who voted or when.",
    columns: &[
        ("budget_id", "The budget (budgets.csv)."),
        (
            "voter",
            "Anonymous voter number within the budget (the Pabulib `voter_id`).",
        ),
        (
            "project_id",
            "A project on the ballot (budget_projects.csv).",
        ),
        (
            "value",
            "1 (approval, choose), the points given (points) or the rank, 1 first (ranking).",
        ),
    ],
};

pub const MODERATION_LOG: FileSpec = FileSpec {
    name: "moderation_log.csv",
    about: "The public moderation log of the spaces: what the moderators did, when, and why. Who reported what is never published.",
    columns: &[
        ("id", "Entry id."),
        ("space_id", "The space (spaces.csv)."),
        (
            "action",
            "`hide`, `unhide`, `dismiss` (reports dismissed), `auto_hide` (hidden after reports), `block` or `unblock` (a participant).",
        ),
        (
            "actor_role",
            "The role of who acted (e.g. `moderator`, `admin`, `system`).",
        ),
        ("reason", "The justification given."),
        (
            "resource_kind",
            "The kind of content acted on (`comment`, `proposal`, ...); empty for blocks.",
        ),
        (
            "resource_id",
            "Its id; empty for blocks (a person's id is not published).",
        ),
        ("created_at", "When (ISO 8601, UTC)."),
    ],
};

pub const ACTION_LOG: FileSpec = FileSpec {
    name: "action_log.csv",
    about: "The public entries of the hash-chained action log for this organisation and its visible spaces (entries visible to admins only, or private such as who supported what, are left out, so `seq` has gaps).",
    columns: &[
        (
            "seq",
            "Position in the chain (1, 2, 3 ... across the whole platform).",
        ),
        ("created_at", "When (ISO 8601, UTC)."),
        (
            "action",
            "What happened, e.g. `proposal-created`, `comment-created`, `moderation-hidden`.",
        ),
        (
            "actor_name",
            "Who acted: public display name; empty for a deleted account or the system.",
        ),
        (
            "subject_kind",
            "The kind of record acted on (`proposal`, `comment`, `poll`, ...).",
        ),
        ("subject_id", "Its id."),
        (
            "space_id",
            "Its space (spaces.csv), empty for the organisation itself.",
        ),
        ("link", "Its page, relative to the platform's address."),
        (
            "prev_hash",
            "Hash of the previous entry of the chain (hex SHA-256).",
        ),
        (
            "hash",
            "Hash of this entry (hex SHA-256), covering its fields and `prev_hash`.",
        ),
        (
            "content_hash",
            "SHA-256 of the record's canonical content right after the action.",
        ),
    ],
};

pub const CHAIN_HEAD: FileSpec = FileSpec {
    name: "chain_head.csv",
    about: "The head of the action log's hash chain when this archive was made: compare it with the one on the activity page, or with one noted earlier (a rewritten history would not match).",
    columns: &[
        (
            "length",
            "Number of entries in the chain (the `seq` of the last one).",
        ),
        ("hash", "Hash of the last entry (hex SHA-256)."),
        ("exported_at", "When this archive was made (ISO 8601, UTC)."),
    ],
};

/// Every CSV file, in the order of the archive.
pub const FILES: &[&FileSpec] = &[
    &SPACES,
    &PHASES,
    &COMPONENTS,
    &PROPOSALS,
    &THREADS,
    &COMMENTS,
    &POLLS,
    &POLL_OPTIONS,
    &POLL_RESULTS,
    &POLL_BALLOTS,
    &BUDGETS,
    &BUDGET_PROJECTS,
    &BUDGET_RESULTS,
    &BUDGET_BALLOTS,
    &MODERATION_LOG,
    &ACTION_LOG,
    &CHAIN_HEAD,
];

/// The README.md of the archive.
pub fn readme(
    org_name: &str,
    org_slug: &str,
    license: &super::License,
    exported_at: &str,
) -> String {
    let mut out = format!(
        "# Open data of {org_name}\n\n\
         Exported by agora on {exported_at} (UTC) from the organisation `{org_slug}`.\n\
         Licence: {} — see LICENSE.\n\n\
         ## What is in it, and what is not\n\n\
         Only what anyone may see on the platform: published spaces that are not private, and their \
         published components. Nothing hidden by moderation (left out, without a placeholder), no \
         e-mail address, no personal data beyond the display names people publish their contributions \
         under, and no voter identity: ballots are published for closed polls and for budgets whose \
         result is published, numbered anonymously.\n\n\
         Files are CSV as RFC 4180 defines it: UTF-8, comma-separated, CRLF line ends, a header row, \
         fields in double quotes when they hold a comma, a double quote or a line break (a double \
         quote inside is written twice). Times are ISO 8601 in UTC; empty fields are empty strings. \
         Each file was read in one query; files are read one after the other, so a change made \
         during the export may show in a later file and not in an earlier one.\n\n",
        license.name
    );
    out.push_str(
        "## Recount the votes yourself\n\n\
         `recount/` holds, for every closed poll and every budget with a published result, its \
         ballots in a format agora's own commands read — the same count the platform published, \
         from this archive alone:\n\n\
         - `recount/poll-ID.json`: the poll's ballots in agora's ballot file format (options by \
         name, identical ballots merged with a `count`). Recount with \
         `agora tally-poll recount/poll-ID.json --json`; the winner's index refers to the file's \
         `options` list (see `name_in_recount_file` in poll_options.csv). Question polls have no count.\n\
         - `recount/budget-ID.pb`: the budget's ballots as a Pabulib file (voters numbered \
         anonymously, `rule` in META set to the published rule). Recount with \
         `agora tally recount/budget-ID.pb --json` (`--rule auto` reads the rule from the file); \
         `selected` lists the project ids of budget_results.csv, in the same order.\n\n\
         ## Files and columns\n\n",
    );
    for file in FILES {
        out.push_str(&format!(
            "### {}\n\n{}\n\n| column | meaning |\n|---|---|\n",
            file.name, file.about
        ));
        for (name, about) in file.columns {
            out.push_str(&format!("| `{name}` | {about} |\n"));
        }
        out.push('\n');
    }
    out
}
