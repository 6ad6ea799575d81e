# spaces
component-page = Pàgina
component-page-show-title = Mostra el títol
