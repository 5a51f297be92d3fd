"""Write the render stage's files into docs/, then run a site builder (mkdocs or Zensical) on them."""
