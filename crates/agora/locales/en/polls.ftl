# polls — the polls component (participants' pages, the creation form, settings)
component-polls = Polls

## Settings (space admins)
polls-setting-poll-creation = Who creates polls
polls-setting-poll-creation-participants = Every participant
polls-setting-poll-creation-admins = Space admins only
polls-setting-default-hide-results = Results of new polls, by default
polls-setting-default-hide-results-off = Shown at once
polls-setting-default-hide-results-until_vote = Hidden until you vote
polls-setting-default-hide-results-until_closed = Hidden until the poll closes
polls-setting-default-anonymous = New polls are anonymous by default
polls-setting-creation-enabled = Participants can create polls

## Words
polls-date-time = { $date }, { $time }
polls-none-of-the-above = None of the above
polls-position-agree = Agree
polls-position-abstain = Abstain
polls-position-disagree = Disagree
polls-position-block = Block
polls-consent-agree = Consent
polls-consent-abstain = Abstain
polls-consent-block = Objection
polls-meeting-yes = Yes
polls-meeting-maybe = Maybe
polls-meeting-no = No
polls-type-proposal = Proposal
polls-type-single_choice = Single choice
polls-type-multiple_choice = Multiple choice
polls-type-score = Score
polls-type-ranked_choice = Ranked choice
polls-type-dot_vote = Dot vote
polls-type-majority_judgment = Majority judgment
polls-type-meeting = Meeting time
polls-type-question = Open question
polls-grade-0 = Reject
polls-grade-1 = Poor
polls-grade-2 = Fair
polls-grade-3 = Good
polls-grade-4 = Very good
polls-grade-5 = Excellent
polls-method-borda = Borda count
polls-method-irv = Instant-runoff
polls-method-schulze = Schulze
polls-preset-proposal = Agree / abstain / disagree / block
polls-preset-consent = Consent / abstain / objection
polls-hide-off = Results shown at once
polls-hide-until_vote = Results hidden until you vote
polls-hide-until_closed = Results hidden until the poll closes
polls-reason-off = No reasons
polls-reason-optional = Reason optional
polls-reason-required = Reason required

## List
polls-new = New poll
polls-none = No poll yet.
polls-status-draft = Draft
polls-status-open = Open
polls-status-closed = Closed
polls-anonymous = Anonymous
polls-voters-count = { $count ->
    [one] { $count } voter
   *[other] { $count } voters
}
polls-closed-on = closed on { $date }
polls-closes-on = closes on { $date }

## Creation form and settings
polls-field-type = Type of poll
polls-field-title = Question or title
polls-field-details = Details (Markdown, optional)
polls-field-options = Options
polls-field-options-hint = One per line (for a meeting poll: one time slot per line). Not used by proposal polls and open questions.
polls-field-type-settings = Settings of some types
polls-field-preset = Proposal: the positions offered
polls-field-min-choices = Multiple choice: fewest choices
polls-field-max-choices = Multiple choice: most choices (0: no limit)
polls-field-score-min = Score: lowest score
polls-field-score-max = Score: highest score
polls-field-points = Dot vote: points each voter distributes
polls-field-method = Ranked choice: counting method
polls-field-grades = Majority judgment: the grades, worst first, one per line (empty: the usual six)
polls-field-none-of-the-above = Offer “none of the above” (single, multiple and ranked choice)
polls-field-shuffle = Show the options in a random order to each voter
polls-field-privacy = Privacy and results
polls-field-anonymous = Anonymous: nobody, admins included, can see who voted what
polls-field-anonymous-hint = Once on, anonymity cannot be turned off, and the poll cannot be reopened once closed.
polls-field-hide-results = Results
polls-field-hide-results-hint = Hidden results cannot be made visible earlier later on.
polls-field-reason = Reasons
polls-field-reason-max = Longest reason, in characters
polls-field-closes-at = Closing date
polls-field-closes-at-hint = Time in { $zone }. Required to open the poll.
polls-field-open = Open the poll now (otherwise it stays a draft)
polls-create = Create the poll
polls-settings = Poll settings

## Errors
polls-error-type = Choose a type of poll.
polls-error-title-empty = Write a question or title.
polls-error-title-long = The title is too long (at most { $max } characters).
polls-error-details-long = The details are too long (at most { $max } characters).
polls-error-options-few = Write at least two options, one per line.
polls-error-options-many = Too many options (at most { $max }).
polls-error-option-long = An option is too long (at most { $max } characters).
polls-error-choices = The fewest and most choices must be between 1 and the number of options, the fewest not above the most.
polls-error-score-range = The lowest score must be below the highest, both between -100 and 100.
polls-error-points = Each voter distributes from 1 to 1000 points.
polls-error-method = Choose a counting method.
polls-error-grades = Give from 2 to 10 grades.
polls-error-closes-past = The closing date must be in the future.
polls-error-date = This is not a date and time.
polls-error-closes-required = A poll opens only with a closing date in the future.
polls-error-hide-results = Choose when results are shown.
polls-error-reason = Choose whether voters give reasons.
polls-error-reason-max = The longest reason is from 1 to { $max } characters.
polls-error-anonymous-locked = An anonymous poll stays anonymous.
polls-error-anonymous-after-votes = A poll cannot become anonymous once people voted: their names are already attached to their votes.
polls-error-hide-results-loosen = Hidden results cannot be shown earlier than announced.
polls-error-not-open = This poll is not open.
polls-error-reopen-anonymous = An anonymous poll cannot be reopened: its ballots were sealed when it closed.
polls-error-outcome-open = The outcome is written once the poll is closed.
polls-error-outcome = Write the outcome (at most 5000 characters).
polls-error-outcome-option = This option is not one of the poll's.

## Ballots refused
polls-ballot-unknown-option = Option { $id } is not an option of this poll.
polls-ballot-wrong-shape = This poll takes “{ $field }”.
polls-ballot-missing = Your vote is empty: fill in “{ $field }”.
polls-ballot-duplicate = Option { $id } appears more than once.
polls-ballot-none-alone = “None of the above” cannot be chosen with other options.
polls-ballot-too-few = Choose at least { $min } options (you chose { $got }).
polls-ballot-too-many = Choose at most { $max } options (you chose { $got }).
polls-ballot-out-of-range = Each value must be from { $min } to { $max }.
polls-ballot-too-many-points = You have { $points } points and used { $got }.
polls-ballot-no-points = Give at least one point.
polls-ballot-reason-off = This poll does not take reasons.
polls-ballot-reason-required = This poll needs a reason.
polls-ballot-reason-long = Your reason is too long (at most { $max } characters).
polls-ballot-not-a-number = A value of your vote is not a whole number.
polls-ballot-same-rank = Two options have rank { $rank }: give each a different rank.

## The poll page
polls-by = Started by { $name }
polls-voted = Your vote is recorded.
polls-receipt = Your receipt code:
polls-receipt-hint = Keep it: once the poll closes, you can find your ballot in the ballot list by its code, and check it was counted.
polls-your-vote = Your vote
polls-you-voted = You voted: { $vote }
polls-you-voted-sealed = You voted. This anonymous poll is closed: its ballots are sealed and no longer linked to anyone.
polls-draft = This poll is a draft: it opens with a closing date.
polls-closed-no-vote = This poll is closed: no more votes.
polls-choose-one = Choose one option
polls-choose-between = Choose from { $min } to { $max } options
polls-choose-at-least = Choose at least { $min } options
polls-score-each = Score each option from { $min } to { $max } (leave empty: no score)
polls-dot-points = Distribute up to { $points } points
polls-rank-hint = Rank the options: 1 for your first choice, 2 for the next… Leave empty the ones you do not rank.
polls-grade-for = Your grade for { $option }
polls-reason-label = Your reason (optional)
polls-reason-label-required = Your reason
polls-reason-hint = At most { $max } characters.
polls-change-vote = Change my vote
polls-vote = Vote
polls-sign-in-to-vote = You will be asked to sign in.
polls-withdraw = Withdraw my vote
polls-withdraw-refused = There is no vote of yours to withdraw, or the poll is closed.
polls-vote-closed = This poll is closed: your vote was not recorded.
polls-history = My earlier votes
polls-history-withdrawn = Withdrawn
polls-history-anonymous = This poll is anonymous: no history of your votes is kept.
polls-results = Results
polls-results-hidden-until-vote = Results are hidden until you vote.
polls-results-hidden-until-closed = Results are hidden until the poll closes.
polls-ballots-cast = { $count ->
    [one] { $count } vote cast
   *[other] { $count } votes cast
}
polls-eligible = { $count } eligible voters
polls-winner = Comes first: { $option }
polls-tie-broken = (tied; the option listed first wins the tie)
polls-winner-badge = first
polls-results-table = Results by option
polls-col-option = Option
polls-col-votes = Votes
polls-col-approvals = Chosen by
polls-col-score-sum = Sum of scores
polls-col-mean = Mean score
polls-col-points = Points
polls-col-median = Majority grade
polls-col-distribution = Grades given
polls-col-yes = Yes
polls-col-meeting = Answers
polls-col-borda = Borda points
polls-col-first = First choices
polls-col-pct-cast = % of votes cast
polls-col-pct-eligible = % of eligible voters
polls-col-round = Round
polls-col-round-votes = Votes
polls-col-eliminated = Eliminated
polls-col-receipt-hash = Receipt hash
polls-col-ballot = Ballot
polls-exhausted = { $count } exhausted
polls-how-counted = How it was counted
polls-rounds = Rounds of the count
polls-pairwise = Voters preferring the row's option to the column's
polls-reasons = Reasons given
polls-who-voted-what = Who voted what
polls-not-voted = { $count ->
    [one] { $count } person has not voted
   *[other] { $count } people have not voted
}
polls-listed-more = { $count ->
    [one] One more ballot is not listed here: every ballot is in the CSV export.
   *[other] { $count } more ballots are not listed here: every ballot is in the CSV export.
}
polls-not-voted-more = { $count ->
    [one] and one more.
   *[other] and { $count } more.
}
polls-ballot-list = Ballot list
polls-ballot-list-hint = Every ballot with the SHA-256 hash of its receipt code, in random order, without voters. Find yours by hashing your code; anyone can recount from this list.
polls-explain-proposal-proposal = Each voter agrees, abstains, disagrees or blocks. The proposal passes when more than half of those who took a position (abstentions aside) agree — and never when anyone blocks.
polls-explain-proposal-consent = Each voter consents, abstains or objects. The proposal passes when no one objects and more than half of those who took a position consent.
polls-explain-single_choice = Each voter chooses one option; the option with the most votes comes first.
polls-explain-multiple_choice = Each voter chooses several options (approval voting); the option chosen by the most voters comes first.
polls-explain-score = Each voter scores the options; the option with the highest sum of scores comes first.
polls-explain-dot_vote = Each voter distributes points among the options; the option with the most points comes first.
polls-explain-majority_judgment = Each voter grades every option; an option's majority grade is the grade a majority gives it at least (the median). The best majority grade comes first; ties are broken by removing median grades one at a time.
polls-explain-meeting = Each voter answers yes, maybe or no for every slot; yes counts 2 and maybe 1, and the slot with the highest total comes first.
polls-explain-question = An open question: voters give their answers as reasons; nothing is counted.
polls-explain-ranked_choice-borda = Borda count: on each ballot, an option gets one point for each option ranked below it. The option with the most points comes first.
polls-explain-ranked_choice-irv = Instant-runoff: each ballot counts for its highest-ranked option still in the race. An option with more than half of these votes wins; otherwise the option with the fewest votes is eliminated and its ballots go to their next choice, round after round (table below).
polls-explain-ranked_choice-schulze = Schulze method: every pair of options is compared on every ballot (table below); an option beats another when the strongest chain of majorities from it to the other is stronger than the reverse. The option beaten by no other comes first.
polls-verdict-no-votes = No votes yet.
polls-verdict-no-quorum = Not enough votes for a decision.
polls-verdict-blocked = Blocked: at least one person blocks (or objects).
polls-verdict-passed = Agreement reached: the proposal passes.
polls-verdict-not-passed = No agreement: the proposal does not pass.
polls-outcome = Outcome
polls-outcome-option = Chosen: { $option }
polls-outcome-review = To be reviewed on { $date }
polls-outcome-none = No outcome written yet.
polls-outcome-write = Write the outcome
polls-outcome-text = What was decided (Markdown)
polls-outcome-option-field = Chosen option (optional)
polls-outcome-option-none = None
polls-outcome-review-field = Review date (optional)
polls-outcome-save = Publish the outcome
polls-manage = Manage this poll
polls-open = Open the poll
polls-close-now = Close now
polls-extend = New closing date
polls-reopen = Reopen until
polls-extend-action = Extend
polls-reopen-action = Reopen
polls-no-reopen-anonymous = An anonymous poll cannot be reopened once closed.
polls-export = Download the votes (CSV)

## Specified voters, quorum and pass threshold, meeting time zones
polls-field-time-zone = Time zone of the slots (meeting polls)
polls-field-time-zone-hint = Slots are read in this time zone and shown in it, with its name.
polls-field-slot-minutes = Length of each slot, in minutes
polls-field-slots-hint = Write each slot as 2026-12-03 18:00.
polls-field-decision = Decision rules
polls-field-quorum = Quorum, in % of eligible voters (optional)
polls-field-quorum-hint = The share of eligible voters who must take part for the result to count.
polls-field-pass-threshold = Pass threshold, in % (optional)
polls-field-pass-threshold-hint = The share the proposal's “agree” or the winning option must reach, at least. Proposal, single choice, multiple choice and meeting polls.
polls-field-pass-base = Counted over
polls-pass-base-cast = votes cast
polls-pass-base-eligible = eligible voters
polls-field-voters = Who may vote
polls-field-specified = Only the people I pick may vote
polls-field-specified-hint = Everyone else can read the poll but not vote. You can change the list until someone votes.
polls-field-specified-public = Anyone signed in may vote in this space: there is no list of members to pick from.
polls-field-specified-too-many = This space has more than { $max } members: too many to pick from here.
polls-field-voters-pick = Members of the space
polls-voters-save = Save who may vote
polls-voters-locked = Someone has voted: the list of voters can no longer change.
polls-voters-everyone = Every participant of the space may vote.
polls-not-specified = You are not among the voters the author of this poll picked: you can read it, but not vote.
polls-specified-note = Only the { $count } people the author picked may vote.
polls-slots-zone = Times are in { $zone }.
polls-decision = Decision
polls-outcome-ics = Add the meeting to your calendar (.ics)
polls-quorum-met = Quorum met: { $voters } of { $eligible } eligible voters took part ({ $percent } %; quorum { $quorum } %).
polls-quorum-not-met = Quorum not met: { $voters } of { $eligible } eligible voters took part ({ $percent } %; quorum { $quorum } %).
polls-quorum-unknown = The quorum ({ $quorum } %) cannot be measured: anyone signed in may vote here.
polls-pass-no-quorum = Not passed: the quorum was not met.
polls-pass-blocked = Not passed: the proposal was blocked.
polls-pass-proposal-passed = The proposal passes: { $support } agree, { $percent } % of { $base } (threshold: at least { $threshold } %).
polls-pass-proposal-failed = The proposal does not pass: { $support } agree, { $percent } % of { $base } (threshold: at least { $threshold } %).
polls-pass-choice-passed = “{ $option }” passes: { $support } votes, { $percent } % of { $base } (threshold: at least { $threshold } %).
polls-pass-choice-failed = “{ $option }” does not pass: { $support } votes, { $percent } % of { $base } (threshold: at least { $threshold } %).
polls-pass-none = Nothing passes: no option won.
polls-error-voters-public = Anyone signed in may vote in this space: pick voters in a members-only space.
polls-error-voters-unknown = Pick voters among the members of the space.
polls-error-voters-empty = Pick at least one voter, or untick “Only the people I pick may vote”.
polls-error-voters-locked = Someone has already voted: the list of voters can no longer change.
polls-error-time-zone = Choose a time zone from the list.
polls-error-slot = “{ $slot }” is not a date and time: write it as 2026-12-03 18:00.
polls-error-slot-minutes = A slot lasts between 5 and 1440 minutes.
polls-error-percent = Write a whole number between 1 and 100.
polls-error-threshold-type = A pass threshold is for proposal, single choice, multiple choice and meeting polls.
polls-error-pass-base = Choose what the threshold is counted over.
polls-error-quorum-public = A quorum (or a threshold over eligible voters) needs a list of eligible voters: pick the voters, or use a members-only space.
polls-rules-quorum = Quorum: { $quorum } % of eligible voters must take part.
polls-rules-threshold = To pass: at least { $threshold } % of { $base }.
polls-error-rules-locked = Someone has already voted: the quorum and pass threshold can no longer change.
polls-rules-locked-hint = Someone has voted: the decision rules are locked.
## Started from a thread
polls-started-in-thread = Started in the thread
polls-started-in-thread-note = This poll will appear in the discussion thread it is started from.
