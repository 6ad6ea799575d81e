# threads — the discussion threads component
component-threads = Discussion threads

## Settings (space admins)
threads-setting-thread-creation = Who starts threads
threads-setting-thread-creation-participants = Every participant
threads-setting-thread-creation-admins = Space admins only
threads-setting-creation-enabled = Participants may start threads

## List
threads-new = Start a thread
threads-none = No thread yet.
threads-by = Started by { $name }
threads-replies-count = { $count ->
    [one] 1 reply
   *[other] { $count } replies
}
threads-unread = { $count } new
threads-closed = Closed
threads-open = Open

## Form
threads-edit = Edit the context
threads-title-label = Title
threads-context-label = Context
threads-context-hint = Where the discussion stands, kept up to date (Markdown, at most { $max } characters). Every edit is kept as a version.
threads-save = Save
threads-start = Start the thread
threads-layout-legend = Replies
threads-layout-nested = Nested (replies under the message they answer)
threads-layout-flat = Flat (one list by date)
threads-order-legend = Order
threads-order-oldest = Oldest first
threads-order-newest = Newest first
threads-layout-save = Save the reply settings

## Thread page
threads-context = Context
threads-context-empty = No context yet.
threads-versions-count = { $count } versions
threads-jump-unread = Jump to the first unread reply
threads-outline = Outline
threads-outline-empty = No pinned reply yet.
threads-pin = Pin a reply
threads-pin-comment = Reply
threads-pin-title = Title in the outline
threads-pin-submit = Pin
threads-unpin = Unpin “{ $title }”
threads-manage = Manage the thread
threads-close = Close the thread
threads-reopen = Reopen the thread
threads-closed-no-reply = This thread is closed: no new replies.

## Versions
threads-versions = Versions of the context
threads-versions-heading = Versions of the context of “{ $title }”
threads-version = Version { $number }
threads-version-by = By { $name }, { $date }
threads-back = Back to the thread

## Errors
threads-error-title-empty = Give the thread a title.
threads-error-title-long = The title must be at most 150 characters.
threads-error-context-long = The context must be at most 20,000 characters.
threads-error-pin-title-empty = Give the pinned reply a title.
threads-error-pin-title-long = The pin's title must be at most 100 characters.
threads-error-already-closed = This thread is already closed.
threads-error-already-open = This thread is already open.

## Timeline: pages, polls, reactions, moving a reply
threads-pages-top = Earlier pages of the thread
threads-pages-bottom = Later pages of the thread
threads-older = Older replies
threads-newer = Newer replies
threads-new-poll = Start a poll in this thread
threads-poll-voters = { $count ->
    [one] 1 person voted
   *[other] { $count } people voted
}
threads-poll-closes-on = closes on { $date }
threads-poll-closed-on = closed on { $date }
threads-poll-vote = Vote
threads-decision = Decision
threads-reactions = Reactions
threads-react = React
threads-react-title = React to a reply
threads-react-reply = The reply
threads-reaction-thumbs_up = Thumbs up
threads-reaction-heart = Heart
threads-reaction-smile = Smile
threads-reaction-party = Celebrate
threads-reaction-thinking = Thinking
threads-reaction-eyes = Watching
threads-reaction-error-emoji = Choose one of the reactions offered.
threads-move = Move a reply to another thread
threads-move-hint = The reply moves with every reply under it, and becomes a reply of the other thread.
threads-move-reply = Reply to move
threads-move-to = To the thread
threads-move-submit = Move
threads-move-error-reply = This reply is not one of this thread.
threads-move-error-target = Choose another thread of this space.
threads-move-error-closed = That thread is closed: it takes no replies.
