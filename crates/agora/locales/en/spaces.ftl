# spaces
component-page = Page
component-page-show-title = Show the title
