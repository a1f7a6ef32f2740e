"""The same synthetic content as a Hugo site, for `build_speed.py --peer`: every service and guide a
page, the four taxonomies (categories, needs, age bands, areas) with a page per term listing its
services as cards, then Pagefind's command line over the result. Hugo is for this benchmark only
(`apt-get install -y hugo`); the project never depends on it.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import yaml

TAXONOMIES = {"category": "categories", "need": "needs", "age": "ages", "area": "areas"}

LAYOUTS = {
    "_default/baseof.html": """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head><body>
<header><a href="{{ "/" | relURL }}">Local Offer</a></header>
<main data-pagefind-body>{{ block "main" . }}{{ end }}</main>
<footer><p>Nottingham SEND Local Offer</p></footer></body></html>
""",
    "_default/single.html": """{{ define "main" }}<h1>{{ .Title }}</h1><p class="lead">{{ .Params.summary }}</p>
{{ .Content }}
{{ range $taxonomy, $plural := dict "category" "categories" "need" "needs" "age" "ages" "area" "areas" }}
{{ with $.GetTerms $plural }}<ul>{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>{{ end }}
{{ end }}{{ end }}
""",
    "partials/card.html": """<li class="card"><h3><a href="{{ .RelPermalink }}">{{ .Title }}</a></h3><p>{{ .Params.summary }}</p>
<p class="facts"><span>Ages {{ .Params.minimum_age }} to {{ .Params.maximum_age }}</span></p></li>
""",
    "_default/list.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
<ul class="card-list">{{ range .Pages }}{{ partial "card.html" . }}{{ end }}</ul>{{ end }}
""",
    "_default/terms.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>{{ end }}
""",
    "index.html": """{{ define "main" }}<h1>Local Offer</h1>
<ul>{{ range .Site.Sections }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
""",
}


def age_bands(low: int, high: int, bands: list[dict]) -> list[str]:
    return [b["id"] for b in bands if min(high, b["maximum_age"]) - max(low, b["minimum_age"]) + 1 >= 2]


def front_matter(data: dict, bands: list[dict], title_field: str) -> dict:
    categories = data.get("categories") or ([data["topic"]] if data.get("topic") else [])
    low, high = data.get("minimum_age", 0), data.get("maximum_age", 25)
    return {"title": data[title_field], "summary": data.get("summary", ""), "minimum_age": low, "maximum_age": high,
            "categories": categories, "needs": [n for n in data.get("needs") or [] if n != "all"],
            "ages": age_bands(low, high, bands), "areas": data.get("areas") or []}


def make_hugo_project(project: Path, out: Path) -> Path:
    """A Hugo project holding `project`'s services and guides."""
    if out.exists():
        shutil.rmtree(out)
    taxonomy = yaml.safe_load((project / "content/taxonomy.yaml").read_text())
    bands = taxonomy["age_bands"]
    for folder, extension, title in (("services", ".yaml", "name"), ("guides", ".md", "title")):
        target = out / "content" / folder
        target.mkdir(parents=True)
        for path in (project / "content" / folder).glob(f"*{extension}"):
            text = path.read_text(encoding="utf-8")
            if extension == ".md":
                _, front, body = text.split("---\n", 2)
                data = yaml.safe_load(front)
            else:
                data = yaml.safe_load(text)
                body = data.get("description", "")
            # JSON front matter: Hugo reads it, and it needs no YAML quoting rules
            (target / f"{path.stem}.md").write_text(json.dumps(front_matter(data, bands, title)) + "\n\n" + body,
                                                    encoding="utf-8")
    for name, text in LAYOUTS.items():
        (out / "layouts" / name).parent.mkdir(parents=True, exist_ok=True)
        (out / "layouts" / name).write_text(text, encoding="utf-8")
    config = {"baseURL": "https://example.org/", "languageCode": "en-gb", "title": "Local Offer",
              "taxonomies": TAXONOMIES, "disableKinds": ["rss"], "relativeURLs": True}
    (out / "hugo.json").write_text(json.dumps(config, indent=1), encoding="utf-8")
    return out
