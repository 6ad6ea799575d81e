# spaces
component-page = Page
component-page-show-title = Afficher le titre
