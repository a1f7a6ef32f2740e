"""localoffer: builds Nottingham's SEND Local Offer website from the files in content/.

The build runs in stages, one module each:
load (read files) -> validate (check them) -> render (write HTML) -> search (Pagefind index)
-> export (sitemap, robots, offline copy) -> check (links, checklist, readability),
all orchestrated by `pipeline`, into a temporary folder that replaces site/ only on success.
"""
