# Comments: the section every commentable page embeds, and the comment forms.
comments-title = { $count ->
    [0] Comments
    [one] 1 comment
   *[other] { $count } comments
}
comments-new-label = Your comment
comments-body-label = Comment
comments-body-hint = Markdown is allowed (at most { $max } characters).
comments-alignment-legend = Your position
comments-alignment-in_favour = In favour
comments-alignment-neutral = Neutral
comments-alignment-against = Against
comments-publish = Publish
comments-sign-in = Sign in to comment
comments-none = No comment yet. Be the first to give your opinion.
comments-edited = edited
comments-deleted = Comment deleted by its author.
comments-hidden = Comment hidden by moderation.
comments-vote-up = Useful ({ $count })
comments-vote-down = Not useful ({ $count })
comments-votes = Useful: { $up } · Not useful: { $down }
comments-edit = Edit
comments-delete = Delete
comments-reply = Reply
comments-reply-label = Your reply
comments-reply-publish = Publish the reply
comments-pages = Pages of comments
comments-previous = Previous comments
comments-next = Next comments
comments-page-of = Page { $page } of { $pages }
comments-author-blocked = Blocked participant
comments-author-deleted = Deleted participant
comments-error-empty = The comment is empty.
comments-error-long = The comment is too long: at most { $max } characters.
comments-new-title = New comment
comments-reply-title = Reply to a comment
comments-replying-to = The comment you reply to
comments-edit-title = Edit your comment
comments-history-title = History of the comment
comments-history-current = Current text
comments-history-version = Text replaced on { $date }
comments-back = Back to the comment
comments-more-replies = { $count ->
    [one] One more reply
   *[other] { $count } more replies
}
comments-all-threads = Back to all the comments
comments-thread-page-of = One discussion thread: replies, page { $page } of { $pages }
comments-replies-pages = Pages of replies
comments-previous-replies = Previous replies
comments-next-replies = Next replies
