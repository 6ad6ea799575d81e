# proposals — the proposals component (participants' pages, the answer form, settings)
component-proposals = Proposals

## Settings (space admins)
proposals-setting-support-limit = Supports per participant (0: unlimited)
proposals-setting-support-cap = Most supports a proposal can receive (0: no cap)
proposals-setting-minimum-supports = Supports each participant must give before theirs count (0: none)
proposals-setting-success-threshold = Supports for the “successful” badge (0: no badge)
proposals-setting-proposal-limit = Proposals per participant (0: unlimited)
proposals-setting-edit-window = Minutes during which authors can edit their proposal
proposals-setting-default-order = Default order
proposals-setting-default-order-random = Random
proposals-setting-default-order-most_supported = Most supported
proposals-setting-default-order-most_commented = Most commented
proposals-setting-default-order-recent = Most recent
proposals-setting-creation-enabled = Participants can create proposals
proposals-setting-supports = Supports
proposals-setting-supports-enabled = Enabled
proposals-setting-supports-blocked = Blocked (counts shown, no new supports)
proposals-setting-supports-hidden = Open, counts hidden

## List
proposals-new = New proposal
proposals-filters = Filter proposals
proposals-search = Search
proposals-filter-state = State
proposals-state-filter-published = Not withdrawn
proposals-state-filter-not_answered = Not answered
proposals-state-filter-evaluating = Being evaluated
proposals-state-filter-accepted = Accepted
proposals-state-filter-rejected = Rejected
proposals-state-filter-withdrawn = Withdrawn
proposals-state-filter-all = All
proposals-order = Order
proposals-order-random = Random
proposals-order-most_supported = Most supported
proposals-order-most_commented = Most commented
proposals-order-recent = Most recent
proposals-filter-mine = My proposals
proposals-filter-successful = Successful only
proposals-apply = Apply
proposals-count = { $count ->
    [one] { $count } proposal
   *[other] { $count } proposals
}
proposals-none = No proposal matches.
proposals-by = By { $name }, { $date }
proposals-supports-count = { $count ->
    [one] { $count } support
   *[other] { $count } supports
}
proposals-comments-count = { $count ->
    [one] { $count } comment
   *[other] { $count } comments
}
proposals-successful = Successful
proposals-you-support = You support this proposal
proposals-withdrawn = Withdrawn
proposals-answer-evaluating = Being evaluated
proposals-answer-accepted = Accepted
proposals-answer-rejected = Rejected
proposals-answer-custom = Other state
proposals-pages = Pages of proposals
proposals-previous = Previous page
proposals-next = Next page
proposals-page-of = Page { $page } of { $pages }
proposals-supports-pending = Your supports are pending: support { $missing } more proposals so that they count (minimum { $minimum }).
proposals-supports-left = You have { $left } of { $limit } supports left.

## New and edit
proposals-edit = Edit the proposal
proposals-similar-title = Similar proposals
proposals-similar-none = No existing proposal looks similar. You can publish yours.
proposals-similar-intro = These proposals look like yours. Maybe you would rather support one of them? Otherwise, publish yours.
proposals-field-title = Title
proposals-field-title-hint = Up to { $max } characters.
proposals-field-body = Your proposal
proposals-field-body-hint = Explain what you propose and why. You can use Markdown (**bold**, lists, links). Up to { $max } characters.
proposals-field-address = Address (optional)
proposals-publish = Publish
proposals-check-again = Check similar proposals again
proposals-continue = Continue
proposals-error-title-empty = Give your proposal a title.
proposals-error-title-long = The title must be at most { $max } characters.
proposals-error-body-empty = Describe your proposal.
proposals-error-body-long = The text must be at most { $max } characters.
proposals-error-address-long = The address must be at most { $max } characters.
proposals-error-proposal-limit = You have reached the limit of { $limit } proposals.

## Proposal page
proposals-address = Address: { $address }
proposals-supports = Supports
proposals-support = Support
proposals-unsupport = Withdraw my support
proposals-support-sign-in = You will be asked to sign in.
proposals-support-already = You already support this proposal.
proposals-support-limit = You have used all your { $limit } supports. Withdraw one to support this proposal.
proposals-support-cap = This proposal has received all the supports it can receive.
proposals-support-not-found = This proposal cannot be supported (it may have been withdrawn).
proposals-support-closed = Supports are not open in this phase.
proposals-withdraw = Withdraw the proposal
proposals-versions-link = { $count ->
    [one] { $count } version
   *[other] See the { $count } versions
}

## Official answer
proposals-answer-title = Official answer
proposals-answer-not-public = Not public yet
proposals-answer-cost-value = Cost: { $cost }
proposals-answer-action = Answer
proposals-answer-heading = Answer “{ $title }”
proposals-answer-state = State
proposals-answer-custom-state = Name of the other state
proposals-answer-text = Answer
proposals-answer-cost = Cost (optional, whole number)
proposals-answer-publish = Publish the answer now
proposals-error-answer-state = Choose a state.
proposals-error-custom-state-empty = Name the other state.
proposals-error-custom-state-long = The state must be at most { $max } characters.
proposals-error-answer-long = The answer must be at most { $max } characters.
proposals-error-cost = The cost must be a whole number, zero or more.

## Versions
proposals-versions = Versions
proposals-versions-heading = Versions of “{ $title }”
proposals-back = Back to the proposal
proposals-version = Version { $number }
proposals-diff-added = Added:
proposals-diff-removed = Removed:
proposals-hidden-title = Hidden proposal
proposals-hidden = This proposal was hidden by moderation.
proposals-report = Report this proposal
proposals-reported = You reported this proposal. Moderators will look at it.
moderation-kind-proposal = Proposal

## Follows, endorsements, amendments
proposals-setting-endorsements-enabled = Endorsements open
proposals-setting-amendments-enabled = Amendments open
proposals-follow-title = Follow this proposal
proposals-following = You follow this proposal
proposals-followers = { $count ->
    [one] { $count } person follows it
   *[other] { $count } people follow it
}
proposals-follow = Follow
proposals-unfollow = Stop following
proposals-follow-refused = This proposal is hidden: it can no longer be followed.
proposals-endorsements-count = { $count ->
    [one] { $count } endorsement
   *[other] { $count } endorsements
}
proposals-endorsed-by = Endorsed by:
proposals-endorsers-more = { $count ->
    [one] and { $count } other person
   *[other] and { $count } other people
}
proposals-you-endorse = You endorse this proposal
proposals-endorse = Endorse
proposals-unendorse = Withdraw my endorsement
proposals-endorse-sign-in = Sign in to endorse this proposal.
proposals-endorse-closed = Endorsements are closed in this phase.
proposals-endorse-refused = This proposal is withdrawn or hidden: it takes no more endorsements.
proposals-amendments = Amendments
proposals-amend = Propose an amendment
proposals-amend-heading = Amend “{ $title }”
proposals-amend-intro = Change the title and the text: the proposal's author will see your changes and may accept or reject them.
proposals-amend-send = Send the amendment
proposals-amend-unchanged = The amendment does not change the current text.
proposals-amend-refused = This proposal cannot be amended (withdrawn, hidden, or yours).
proposals-amendment-by = Amendment by { $name }, { $date }
proposals-amendment-state-pending = Pending
proposals-amendment-state-accepted = Accepted
proposals-amendment-state-rejected = Rejected
proposals-amendment-state-withdrawn = Withdrawn
proposals-amendment-diff = Changes from the current text:
proposals-amendment-accept = Accept the amendment
proposals-amendment-reject = Reject the amendment
proposals-amendment-withdraw = Withdraw my amendment
proposals-amendment-not-pending = This amendment is no longer pending, or the proposal can no longer change.
moderation-kind-amendment = Amendment
proposals-amendment-report = Report this amendment
proposals-amendment-hidden = This amendment was hidden by moderation.
