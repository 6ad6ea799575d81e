# spaces
component-page = Página
component-page-show-title = Mostrar el título
