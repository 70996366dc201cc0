"""The programme report page: server-drawn charts, tables, CSV, staff only."""

from __future__ import annotations

import csv
import io
import re


def test_the_report_shows_charts_without_any_script_and_the_tables(world, login, put):
    put(world.other, status="introduction")
    page = login("coordinator@example.org").get(f"/reports/{world.programme}").text
    assert page.count("<svg") == 4
    # The charts carry no script (the page's one script is the app's own file).
    assert "<script" not in page.split("<main", 1)[1]
    assert not re.search(r'(src|href)="https?://', page.split("<main", 1)[1])
    assert 'aria-label="Partnerships per step, at the end of each month"' in page
    assert "2 partnerships in this programme." in page
    flows = page.split('id="flows"', 1)[1].split("</section>", 1)[0]
    assert re.search(r"<th scope=\"row\">Selection</th>\s*<td[^>]*>2</td>", flows)


def test_each_table_downloads_as_csv(world, login):
    client = login("coordinator@example.org")
    response = client.get(f"/reports/{world.programme}/countries.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.text.lstrip("\ufeff"))))
    assert rows[0] == ["Country", "Partnerships"]
    assert sorted(rows[1:]) == [["LT", "1"], ["PL", "1"], ["UA", "2"]]
    assert client.get(f"/reports/{world.programme}/nothing.csv").status_code == 404


def test_the_report_is_in_the_viewers_language(world, login):
    client = login("coordinator@example.org")
    page = client.get(f"/reports/{world.programme}?lang=uk").text
    assert "Партнерства за країнами" in page
    assert 'aria-label="Медіана днів на кроці"' in page  # the charts too


def test_librarians_and_animators_get_no_report(world, login):
    for email in ("kyiv@example.org", "animator@example.org"):
        client = login(email)
        assert client.get("/reports/").status_code == 404
        assert client.get(f"/reports/{world.programme}").status_code == 404
        assert client.get(f"/reports/{world.programme}/flows.csv").status_code == 404
