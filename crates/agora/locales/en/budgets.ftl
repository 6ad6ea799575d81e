# budgets — the participatory budgeting component (participants' pages, admin forms, settings)
component-budgets = Budgets

## Settings (space admins)
budgets-setting-workflow = With several budgets, participants vote
budgets-setting-workflow-all = in every budget
budgets-setting-workflow-one = in one budget only
budgets-setting-workflow-district = in the budget of their district (census verification)
budgets-setting-workflow-random = in one budget drawn for them (at random, always the same)
budgets-setting-voting = Voting
budgets-setting-voting-upcoming = Not open yet (projects shown)
budgets-setting-voting-open = Open
budgets-setting-voting-closed = Closed

## Status
budgets-status-upcoming = Voting not open yet
budgets-status-voting = Voting open
budgets-status-closed = Voting closed

## Rules in plain words
budgets-rule-approval = Choose the projects you want, as long as they fit in { $total }.
budgets-rule-approval-minimum = Choose the projects you want, as long as they fit in { $total }; your ballot must use at least { $percent } % of it.
budgets-rule-choose = Choose between { $min } and { $max } projects, whatever their cost.
budgets-rule-choose-min = Choose at least { $min } { $min ->
    [one] project
   *[other] projects
}, whatever their cost.
budgets-rule-points = Share { $points } points among the projects: several on one project if you like.
budgets-rule-ranking = Rank up to { $max } projects, your favourite first.
budgets-rule-name-approval = Approval within the budget (optionally a minimum share spent)
budgets-rule-name-choose = Between a minimum and a maximum number of projects, whatever their cost
budgets-rule-name-points = Distribute points
budgets-rule-name-ranking = Rank projects

## List and budget page
budgets-none = No budget yet.
budgets-total = Budget: { $total }
budgets-voted = You voted
budgets-workflow-one-note = You can vote in one of these budgets only: the first one you put a project in.
budgets-basket = My ballot
budgets-remaining = Remaining: { $amount }
budgets-spent = Spent: { $amount }
budgets-progress-projects = { $count ->
    [one] { $count } project chosen
   *[other] { $count } projects chosen
}
budgets-progress-points = { $used } of { $max } points given
budgets-progress-ranked = { $count } of { $max } projects ranked
budgets-basket-empty = Your ballot is empty: add projects from the list below.
budgets-sign-in = Sign in to vote
budgets-not-eligible = You may not vote in this space (only its members may).
budgets-other-budget = You are already voting in another budget of this page; you can vote in one only.
budgets-cast = Your vote is recorded. Thank you!
budgets-receipt = Your receipt code:
budgets-receipt-hint = Keep it: it proves that your ballot was counted. It does not say what you voted for.
budgets-checkout = Cast my vote
budgets-checkout-hint = Once cast, your ballot cannot be changed.
budgets-add = Add to my ballot
budgets-add-label = Add to my ballot: { $title }
budgets-remove = Remove
budgets-remove-label = Remove: { $title }
budgets-up = Up
budgets-up-label = Up: { $title }
budgets-down = Down
budgets-down-label = Down: { $title }
budgets-points-field = Points
budgets-points-save = Give
budgets-points-count = { $count ->
    [one] { $count } point
   *[other] { $count } points
}
budgets-on-ballot = On my ballot
budgets-too-expensive = Costs more than what remains.
budgets-projects-count = { $count ->
    [one] { $count } project
   *[other] { $count } projects
}
budgets-projects-none = No project yet.
budgets-cost = Cost: { $cost }
budgets-category = Category: { $category }
budgets-district = District: { $district }
budgets-from-proposals = From the proposals

## Refusals
budgets-refusal-not-in-budget = Project { $project } is not one of this budget's projects.
budgets-refusal-duplicate = Project { $project } is already on your ballot.
budgets-refusal-over-budget = These projects cost { $cost }: more than the budget of { $total }. Remove a project first.
budgets-refusal-too-many = You can choose at most { $max } projects.
budgets-refusal-too-few = Choose at least { $min } projects before casting your vote.
budgets-refusal-minimum-spend = Your ballot must use at least { $min } of the budget before you cast it.
budgets-refusal-not-positive = Points are whole numbers from 1 (0 removes the project), not { $value }.
budgets-refusal-too-many-points = You have { $max } points in all.
budgets-refusal-too-many-ranked = You can rank at most { $max } projects.
budgets-refusal-bad-ranking = Ranks go 1, 2, 3 … without gaps or repeats.
budgets-refusal-empty = Your ballot is empty.
budgets-refusal-checked-out = You already cast your vote in this budget: it cannot be changed.
budgets-refusal-other-budget = You can vote in one budget only, and you already started in another.
budgets-refusal-wrong-shape = This ballot does not match the budget's rule ({ $rule }).
budgets-refusal-closed = Voting is not open now.

## Admin
budgets-manage = Manage budgets
budgets-list-title = Budgets
budgets-new = New budget
budgets-edit = Edit the budget
budgets-project-new = New project
budgets-project-edit = Edit the project
budgets-project-delete = Delete the project
budgets-field-title = Title
budgets-field-description = Description
budgets-field-markdown = Markdown: **bold**, *italic*, lists, links.
budgets-field-total = Total amount (whole units)
budgets-field-currency = Currency (ISO code, e.g. EUR)
budgets-field-rule = Ballot rule
budgets-field-min-percent = Approval: share of the budget a ballot must spend, in % (0: none)
budgets-field-min-projects = Choose: fewest projects
budgets-field-max-projects = Choose: most projects (0: no maximum)
budgets-field-points = Points to distribute, or most projects ranked
budgets-field-cost = Cost ({ $currency }, whole units)
budgets-field-category = Category (optional)
budgets-field-district = District (optional)
budgets-field-proposals = Proposals it comes from (optional)
budgets-field-proposals-hint = Proposal numbers of this space, separated by commas.
budgets-error-required = Fill in this field.
budgets-error-long = At most { $max } characters.
budgets-error-number = A whole number from { $min } to { $max }.
budgets-error-currency = Three capital letters, e.g. EUR.
budgets-error-rule = Choose a rule.
budgets-error-max-below-min = The maximum is below the minimum.
budgets-error-points = At least 1 for this rule.
budgets-error-votes-cast = Ballots were already cast: the amounts, the rule and the secrecy of the vote can no longer change.
budgets-error-proposal = “{ $id }” is not a proposal of this space.
budgets-error-project-on-ballots = This project is on participants' ballots: it can no longer be deleted.

## Results
budgets-results = Results
budgets-results-of = Results: { $title }
budgets-result-rule = The winners were chosen by { $rule }.
budgets-result-rule-greedy = greedy by votes
budgets-result-rule-mes-add1 = the Method of Equal Shares
budgets-result-rule-phragmen = sequential Phragmén
budgets-result-rule-max-supporters = maximum supporters within the budget
budgets-result-rule-greedy-threshold = greedy by votes with a threshold
budgets-result-used = { $used } of { $total } used.
budgets-result-represented = { $represented } of { $voters } voters see at least one project they chose funded.
budgets-winners = { $count ->
    [one] { $count } project funded
   *[other] { $count } projects funded
}
budgets-supporters = { $count ->
    [one] { $count } vote
   *[other] { $count } votes
}
budgets-how = How the winners were chosen
budgets-explain-greedy = The projects were sorted by their number of votes, most voted first. Going down the list, each project was funded if it still fitted in what was left of the budget.
budgets-explain-greedy-skipped = { $count ->
    [one] One project was skipped because it cost more than what was left at its turn.
   *[other] { $count } projects were skipped because they cost more than what was left at their turn.
}
budgets-explain-mes = The budget was shared equally among the { $voters } voters: about { $share } each. A project was funded when its supporters could pay for it together from their shares, as equally as possible; each time, the project that cost its supporters the least per person went first. So a group of voters decides over a part of the budget in proportion to its size.
budgets-explain-mes-completion = When no other project could be paid for, everyone's share was raised step by step, as long as the result still fitted in the budget.
budgets-explain-phragmen = Every voter earned money at the same pace. As soon as the supporters of a project held its cost together, it was funded and they spent all they held. This went on until the next project would have exceeded the budget.
budgets-explain-max-supporters = Among all the sets of projects that fit in the budget, the one with the most votes in total was chosen: { $supports } votes, against { $greedy } for greedy by votes.
budgets-explain-threshold = A project needed at least { $threshold } { $kind ->
    [points] points
   *[votes] { $threshold ->
        [one] vote
       *[other] votes
    }
} to be considered: the minimum the organisers set before publishing.
budgets-explain-threshold-dropped = { $count ->
    [0] Every project reached it.
    [one] One project had fewer and was left out, whatever its cost.
   *[other] { $count } projects had fewer and were left out, whatever their cost.
}
budgets-result-not-published = The results are not published yet.
budgets-result-not-closed = Voting is not closed: results can be published once it is.
budgets-result-no-ballots = No ballot was cast.
budgets-ballots-cast = { $count ->
    [one] { $count } ballot cast
   *[other] { $count } ballots cast
}
budgets-preview = What each rule would fund
budgets-publish = Publish: { $rule }
budgets-threshold-label = Minimum votes a project needs
budgets-threshold-hint = Points, for a budget of points or rankings. Projects with fewer are left out; the others are funded by greedy by votes.
budgets-threshold-preview = Preview
budgets-threshold-previewed = With at least { $threshold } votes:
budgets-threshold-missing = Enter the minimum number of votes a project needs.
budgets-threshold-not-a-number = The minimum number of votes must be a whole number, not “{ $text }”.
budgets-threshold-negative = The minimum number of votes cannot be negative: { $text }.
budgets-threshold-too-large = The minimum number of votes may not exceed { $max }.
budgets-export = Download the ballots (Pabulib file, anonymous)

## Paper ballots
budgets-paper = Paper ballots
budgets-paper-intro = Enter the votes each project received on paper. They are added to the online votes in the results and shown apart. A paper vote counts as a ballot choosing that one project.
budgets-paper-counts = Paper votes by project
budgets-paper-csv = Or paste CSV lines
budgets-paper-csv-hint = One line per project: project number, votes (e.g. 12,340). When filled, these lines are used instead of the fields above.
budgets-paper-saved = The paper votes are saved.
budgets-paper-error-line = Line { $line } is not “project number, votes”: { $text }
budgets-paper-error-project = Project { $project } is not a project of this budget.
budgets-paper-error-number = The paper votes of project { $project } must be a whole number, not “{ $text }”.
budgets-paper-error-range = The paper votes of project { $project } must be between 0 and 1,000,000, not { $votes }.
budgets-paper-error-total = All paper votes together may not exceed { $max }.
budgets-paper-error-twice = Project { $project } is given twice.
budgets-paper-error-published = The results are published: the paper votes can no longer change.
budgets-ballots-counted = Ballots counted: { $online } online, { $paper } on paper.
budgets-votes-title = Votes by project
budgets-col-project = Project
budgets-col-cost = Cost
budgets-col-online = Online
budgets-col-paper = Paper
budgets-col-total = Total

## Eligibility, assignment, evaluation
budgets-setting-census = Voters must be verified against the census
budgets-setting-min-age = Minimum age to vote (0: none)
budgets-field-budget-district = District
budgets-field-budget-district-hint = With the “vote in the budget of one’s district” workflow, verified residents of this district vote in this budget.
budgets-refusal-not-verified = Only people verified against the census may vote here: verify your identity first.
budgets-refusal-too-young = You must be at least { $min } years old to vote here.
budgets-refusal-not-assigned = This is not the budget you are assigned to: you vote in the budget of your district (or the one drawn for you).
budgets-refusal-unfeasible = Project { $project } was evaluated as not feasible: it cannot be voted for.
budgets-verify-link = Verify your identity
budgets-assigned = You vote in: { $title }.

## Pabulib import
budgets-import = Import a Pabulib file
budgets-import-intro = Paste a Pabulib (.pb) file (up to 64 MiB): its projects are added to this budget, and, if you tick the box, its votes are counted as imported ballots (to replay a past election, or paper ballots transcribed whole). A broken file is refused with its line, and nothing is imported.
budgets-import-file = Pabulib file
budgets-import-votes = Also import the votes as ballots
budgets-import-button = Import
budgets-import-done = Imported { $projects } projects and { $ballots } ballots.
budgets-import-error = The file cannot be imported: { $message }. Nothing was imported.
budgets-import-error-line = Line { $line }: { $message }. Nothing was imported.

## Evaluation
budgets-feasible = Feasible
budgets-unfeasible = Not feasible:
budgets-evaluation = Evaluation
budgets-evaluation-feasibility = Feasibility
budgets-evaluation-pending = Not evaluated yet
budgets-evaluation-feasible = Feasible
budgets-evaluation-unfeasible = Not feasible (cannot be voted for)
budgets-evaluation-reason = Reason (required when not feasible)
budgets-evaluation-error-feasibility = Choose a feasibility.
budgets-evaluation-error-reason = Say why the project is not feasible.

# Secret ballots and the ballot list
budgets-field-secret = Secret ballots
budgets-field-secret-hint = Who voted is stored apart from what they voted: nobody, administrators included, can tell what a person chose. Cannot change once a ballot is cast.
budgets-receipt-secret-hint = Write it down now: it is shown only this once, agora does not keep it with your name. When the results are published, find your ballot by this code in the ballot list.
budgets-secret-cast = Your ballot is secret: agora no longer knows what you chose. Your receipt code was shown once, when you cast it.
budgets-secret-note = Secret vote: once you cast your ballot, what you chose is no longer linked to you.
budgets-ballot-list = Ballot list
budgets-ballot-list-count = { $count ->
    [one] One ballot cast.
   *[other] { $count } ballots cast.
}
budgets-ballot-list-hint = Every cast ballot with the SHA-256 hash of its receipt code, without voters, in the order of the hashes. Find yours with your receipt code; anyone can recount from this list or from the open data.
budgets-ballot-list-check = Your receipt code
budgets-ballot-list-find = Find my ballot
budgets-ballot-list-found = Your ballot is in the list and was counted: it is highlighted below.
budgets-ballot-list-not-found = No ballot has this receipt code. Check the code as it was shown to you.
budgets-ballot-list-page = Ballots, page { $page } of { $pages }
budgets-ballot-list-pages = Pages of the ballot list
budgets-ballot-list-previous = Previous page
budgets-ballot-list-next = Next page
budgets-col-receipt-hash = Receipt hash (SHA-256)
budgets-col-projects = Projects on the ballot
