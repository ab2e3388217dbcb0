"""The searchsvc command: index, search, extract, serve's preconditions, and clear errors."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest
from conftest import REPO, SEEDS_DIR, write_corpus

from searchsvc.cli import cli


def test_index_then_search(runner, tmp_path: Path) -> None:
    raw = write_corpus(tmp_path / "raw")
    (raw / "broken.txt").write_bytes(b"")
    result = runner.invoke(cli, ["--raw", str(raw), "--index", str(tmp_path / "ix"), "index", "--quiet"])
    assert result.exit_code == 0, result.output
    assert "Indexed 11 documents (rebuilt), skipped 1" in result.output
    assert "skipped broken.txt: file is empty" in result.output
    result = runner.invoke(cli, ["--index", str(tmp_path / "ix"), "search", "heavy", "rain"])
    assert result.exit_code == 0
    assert "1 result" in result.output and "River floods in the north" in result.output
    assert "2019-03-02 · Daily Planet" in result.output


def test_search_lists_a_results_other_copies_as_the_page_does(runner, tmp_path: Path) -> None:
    """The page lists "2 other copies of this text" under a result; the command showed none of them, so
    where else and when a statement was published could not be told from it."""
    text = ("We express full support for and solidarity with the just cause of the Korean people and call upon "
            "all parties of the world to intensify the international solidarity movement.")
    raw = tmp_path / "raw"
    for name, day, source in [("kcna.txt", "2018-11-26", "KCNA"), ("blog.txt", "2018-12-11", "Friends Blog"),
                              ("site.txt", "2018-12-01", "SolidNet")]:
        (raw / name).parent.mkdir(parents=True, exist_ok=True)
        (raw / name).write_text(f"Statement of solidarity\n\n{text}\n", encoding="utf-8")
        (raw / name.replace(".txt", ".meta.json")).write_text(json.dumps({"date": day, "source": source}))
    ix = ["--raw", str(raw), "--index", str(tmp_path / "ix")]
    assert runner.invoke(cli, [*ix, "index", "--quiet"]).exit_code == 0
    result = runner.invoke(cli, [*ix, "search", '"the just cause of the Korean people"'])
    assert result.exit_code == 0, result.output
    assert "[2018-11-26 · KCNA]" in result.output
    assert ("   2 other copies of this text:\n     site.txt  [2018-12-01 · SolidNet]\n"
            "     blog.txt  [2018-12-11 · Friends Blog]\n") in result.output


def test_index_says_why_an_update_rebuilt_everything(runner, tmp_path: Path) -> None:
    raw = write_corpus(tmp_path / "raw", seeds=False)
    args = ["--raw", str(raw), "--index", str(tmp_path / "ix"), "index", "--quiet"]
    assert runner.invoke(cli, args).exit_code == 0
    (gen,) = (tmp_path / "ix").glob("gen-*")
    (gen / "manifest.pickle").write_bytes(b"garbage")
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "rebuilt from scratch: the live index's manifest.pickle cannot be read" in result.output
    assert "Indexed 6 documents (rebuilt)" in result.output


def test_environment_variables_configure_folders(runner, tmp_path: Path) -> None:
    raw = write_corpus(tmp_path / "raw", seeds=False)
    env = {"SEARCHSVC_RAW_DIR": str(raw), "SEARCHSVC_INDEX_DIR": str(tmp_path / "ix")}
    assert runner.invoke(cli, ["index", "--quiet"], env=env).exit_code == 0
    result = runner.invoke(cli, ["search", "--json", "drought"], env=env)
    body = json.loads(result.output)
    assert body["total"] == 1 and body["results"][0]["id"] == "news/drought-2021.txt"


def test_page_size_settings_apply_to_the_search_command_as_to_the_api(runner, settings) -> None:
    """SEARCHSVC_PER_PAGE and SEARCHSVC_MAX_PER_PAGE were the server's alone: the command showed 10 results
    whatever the first said, and refused --per-page 150 where the second, 200, let the API answer it."""
    search = ["--index", str(settings.index_dir), "search", "--json", "river"]
    body = json.loads(runner.invoke(cli, search, env={"SEARCHSVC_PER_PAGE": "2"}).output)
    assert body["per_page"] == 2 and len(body["results"]) == 2
    result = runner.invoke(cli, [*search, "--per-page", "150"], env={"SEARCHSVC_MAX_PER_PAGE": "200"})
    assert result.exit_code == 0 and json.loads(result.output)["per_page"] == 150
    result = runner.invoke(cli, [*search, "--per-page", "150"])
    assert result.exit_code == 2 and "150 is more than 100, the largest page size" in result.stderr


def test_a_bad_setting_in_the_environment_is_one_line_of_error(runner, settings) -> None:
    """SEARCHSVC_PER_PAGE=abc came after click's "Usage: searchsvc [OPTIONS] COMMAND [ARGS]..." and
    "Try 'searchsvc --help' for help.", which are for a mistake in the command line."""
    for env, message in [
        ({"SEARCHSVC_PER_PAGE": "abc"}, "SEARCHSVC_PER_PAGE must be a whole number (0 or more), got 'abc'"),
        ({"SEARCHSVC_MAX_PER_PAGE": "5"}, "SEARCHSVC_PER_PAGE must be between 1 and SEARCHSVC_MAX_PER_PAGE (5)"),
    ]:
        result = runner.invoke(cli, ["--index", str(settings.index_dir), "search", "river"], env=env)
        assert (result.exit_code, result.stdout) == (2, ""), env
        (line,) = result.stderr.splitlines()
        assert line.startswith(f"Error: {message}"), env


def test_an_index_folder_in_the_raw_folder_is_refused_before_it_is_written(runner, tmp_path: Path) -> None:
    """`searchsvc --index raw index` built, and each build after it listed the index's own files as
    "left out 9 files searchsvc does not read: 3 .pickle (gen-…/manifest.pickle, …)"."""
    raw = write_corpus(tmp_path / "raw", seeds=False)
    before = sorted(raw.rglob("*"))
    result = runner.invoke(cli, ["--raw", str(raw), "--index", str(raw), "index", "--quiet"])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: the index folder {raw} is the raw folder, where a build would read")
    assert sorted(raw.rglob("*")) == before


@pytest.mark.parametrize("args", [["search", "river", "--page", "x"], ["search", "river", "--per-page", "ten"],
                                  ["index", "--workers", "many"], ["serve", "--port", "http"]])
def test_a_number_option_given_no_number_says_a_number_is_wanted(runner, settings, args: list[str]) -> None:
    """`--page x` was refused as "'x' is not a valid integer range", as if a range had been asked for."""
    result = runner.invoke(cli, ["--index", str(settings.index_dir), *args])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1].endswith(f"{args[-1]!r} is not a valid integer.")


def test_the_summary_a_first_build_prints_is_the_one_the_readme_shows(runner, tmp_path: Path) -> None:
    """The README showed only "Indexed N documents (A added, U updated, R removed, K unchanged)", and a
    newcomer's first `searchsvc index` printed "Indexed 5 documents (rebuilt), skipped 0 in 0.1s → …"."""
    raw = tmp_path / "raw"
    raw.mkdir()
    for seed in sorted(SEEDS_DIR.glob("*.txt")):
        (raw / seed.name).write_bytes(seed.read_bytes())
    result = runner.invoke(cli, ["--raw", str(raw), "--index", str(tmp_path / "index"), "index", "--quiet"])
    summary = re.sub(r" in \d+\.\ds → .*/gen-.*", " in 0.1s → index/gen-…", result.stdout.splitlines()[-1])
    assert summary == "Indexed 5 documents (rebuilt), skipped 0 in 0.1s → index/gen-…"
    assert f'"{summary}"' in (REPO / "README.md").read_text(encoding="utf-8")


def test_a_search_of_an_empty_index_says_to_add_captures(runner, tmp_path: Path, settings) -> None:
    """After a first build of an empty raw folder, `searchsvc search korea` said "0 results" alone."""
    (tmp_path / "raw").mkdir()
    folders = ["--raw", str(tmp_path / "raw"), "--index", str(tmp_path / "ix")]
    assert runner.invoke(cli, [*folders, "index", "--quiet"]).exit_code == 0
    result = runner.invoke(cli, [*folders, "search", "korea"])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[1].startswith("The index holds no documents yet: put page captures")
    result = runner.invoke(cli, ["--index", str(settings.index_dir), "search", "xyzzyplugh"])
    assert "no documents yet" not in result.stdout


def test_search_json_matches_api_shape(runner, settings) -> None:
    result = runner.invoke(cli, ["--index", str(settings.index_dir), "search", "--json", "--sort", "newest", "river"])
    body = json.loads(result.output)
    assert list(body) == [
        "query", "total", "page", "per_page", "took_ms", "results", "facets", "undated", "suggestion", "relaxed",
        "all_words", "quoted", "sort", "date_filter", "named",
    ]
    assert body["results"][0]["date"] == "2021-08-01"


def test_search_filters(runner, settings) -> None:
    result = runner.invoke(
        cli,
        ["--index", str(settings.index_dir), "search", "--json", "--source", "Daily Planet", "--from", "2020", "river"],
    )
    assert [r["id"] for r in json.loads(result.output)["results"]] == ["news/flood-2020.txt"]


def test_search_past_the_last_page_says_which_page_is_last(runner, settings) -> None:
    """'searchsvc search oil --source KCNA --page 3' printed "5 results" and nothing after it, as if
    the five were lost; the search page links the last page instead."""
    search = ["--index", str(settings.index_dir), "search", "river", "--per-page", "2"]
    result = runner.invoke(cli, [*search, "--page", "3"])
    assert result.exit_code == 0
    assert result.output.splitlines()[1:] == ["Page 3 is past the last page of these results: use --page 2."]
    assert "Page" not in runner.invoke(cli, [*search, "--page", "2"]).output
    assert runner.invoke(cli, [*search, "--page", "3", "--source", "Evil Blog"]).output.startswith("0 results")


def test_a_blank_source_option_is_no_filter_as_in_the_api(runner, settings) -> None:
    """'--source " "' found 0 results where the API's source=%20 filters nothing: every document was
    asked to come from a source named ' '."""
    search = ["--index", str(settings.index_dir), "search", "--json", "river"]
    blank = json.loads(runner.invoke(cli, [*search, "--source", " "]).output)
    assert blank["total"] == json.loads(runner.invoke(cli, search).output)["total"] == 4


def test_search_suggests_a_spelling(runner, settings) -> None:
    result = runner.invoke(cli, ["--index", str(settings.index_dir), "search", "sanctons"])
    assert "Did you mean: sanctions" in result.output


def test_search_says_when_it_shows_documents_with_any_of_the_words(runner, settings) -> None:
    question = "which towns lost harvests after the drought"
    result = runner.invoke(cli, ["--index", str(settings.index_dir), "search", question])
    assert result.exit_code == 0
    assert "showing documents with any of them" in result.output
    result = runner.invoke(cli, ["--index", str(settings.index_dir), "search", "river", "farmers"])
    assert "showing documents with any of them" not in result.output


def test_a_bad_query_or_filter_value_is_one_line_of_error(runner, settings) -> None:
    # It came after click's "Usage: searchsvc search [OPTIONS] [QUERY]..." and "Try 'searchsvc search --help'".
    search = ["--index", str(settings.index_dir), "search"]
    for args, message in [
        (["oil", "--source", "foo"], "no source is named 'foo'; use one of Daily Planet"),
        (['"unclosed'], "a quotation mark is not closed"),
        (["title:"], "'title:' needs a word after it"),
        (["river", "--from", "2021-13"], "--from must be a date as YYYY, YYYY-MM or YYYY-MM-DD"),
        (["--format", "csv", "--all", "river", "colour:red"], "unknown field 'colour:'"),
    ]:
        result = runner.invoke(cli, [*search, *args])
        assert (result.exit_code, result.stdout) == (2, ""), args
        (line,) = result.stderr.splitlines()
        assert line.startswith(f"Error: {message}"), args
    # A mistake in the command line itself still shows how to use the command.
    result = runner.invoke(cli, [*search, "river", "--colour", "red"])
    assert result.exit_code == 2
    assert result.stderr.startswith("Usage: ") and "No such option '--colour'" in result.stderr


def test_a_bad_date_option_is_named_as_the_user_typed_it(runner, settings, client) -> None:
    """`--from 2021-13` was refused as "'from' must be a date …" and `--from 2021 --to 2020` as "'from' is
    after 'to'": the API's parameter names, where the user typed --from and --to. The API keeps its own."""
    search = ["--index", str(settings.index_dir), "search", "river"]
    for args, message in [
        (["--from", "2021-13"],
         "--from must be a date as YYYY, YYYY-MM or YYYY-MM-DD, got '2021-13': there is no month 13"),
        (["--to", "last week"], "--to must be a date as YYYY, YYYY-MM or YYYY-MM-DD, got 'last week'"),
        (["--to", "to"], "--to must be a date as YYYY, YYYY-MM or YYYY-MM-DD, got 'to'"),
        (["--from", "2021", "--to", "2020-06"], "--from is after --to; swap them"),
        (["--format", "jsonl", "--from", "2021", "--to", "2020"], "--from is after --to; swap them"),
    ]:
        result = runner.invoke(cli, [*search, *args])
        assert (result.exit_code, result.stdout) == (2, ""), args
        assert result.stderr.splitlines() == [f"Error: {message}"], args
    assert client.get("/api/search?q=river&from=2021-13").get_json()["error"]["message"].startswith(
        "'from' must be a date as YYYY")
    assert client.get("/api/search?q=river&from=2021&to=2020").get_json()["error"]["message"] == (
        "'from' is after 'to'; swap them")


def test_a_minus_word_on_the_command_line_is_the_query_s_not(runner, settings) -> None:
    """`searchsvc search river -flood`, the documented minus-as-NOT query typed as is, was refused by click as
    an unknown option ("No such option '-f'") with the command's usage. It searches, as the quoted query does,
    and the command's options keep working around it; a mistyped long option is still refused."""
    search = ["--index", str(settings.index_dir), "search"]

    def total(*args: str) -> int:
        result = runner.invoke(cli, [*search, *args])
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)["total"]

    everything, without = total("--json", "river"), total("--json", "river -flood")
    assert 0 < without < everything
    assert total("river", "-flood", "--json") == total("--json", "--", "river", "-flood") == without
    assert total("river", "-flood", "--json", "--from", "2020") == total("--json", "--from=2020", "river -flood")
    result = runner.invoke(cli, [*search, "river", "-flood"])
    assert result.exit_code == 0 and result.stdout.startswith(f"{without} result")
    # Not an option: still refused with the usage, as before, and not searched for.
    result = runner.invoke(cli, [*search, "river", "--colour", "red"])
    assert result.exit_code == 2 and "No such option '--colour'" in result.stderr and result.stdout == ""
    # Every letter of a -word is a query's: the command has no short option click could take one for.
    command = cli.commands["search"]
    assert not [opt for p in command.params for opt in (*p.opts, *p.secondary_opts) if not opt.startswith("--")
                and isinstance(p, click.Option)]


def test_missing_index_and_raw_folder_errors(runner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["--index", str(tmp_path / "none"), "search", "x"])
    assert result.exit_code == 1 and "searchsvc index" in result.output
    result = runner.invoke(cli, ["--raw", str(tmp_path / "none"), "--index", str(tmp_path / "ix"), "index"])
    assert result.exit_code == 1 and "raw folder" in result.output and "does not exist" in result.output


def test_an_empty_raw_folder_does_not_empty_the_index(runner, tmp_path: Path) -> None:
    """A raw folder on a drive that is not mounted looks empty: an update removed every document, said
    so in a summary line and exited 0, and a running server switched to the empty index."""
    raw, ix = write_corpus(tmp_path / "raw", seeds=False), tmp_path / "ix"
    base = ["--raw", str(raw), "--index", str(ix)]
    assert runner.invoke(cli, [*base, "index"]).exit_code == 0
    shutil.rmtree(raw)
    raw.mkdir()
    result = runner.invoke(cli, [*base, "index"])
    assert result.exit_code == 1
    assert "holds no captures" in result.output and "searchsvc index --rebuild" in result.output
    assert "6 results" in runner.invoke(cli, [*base, "search", "*"]).output
    result = runner.invoke(cli, [*base, "index", "--rebuild"])  # asked for: the index is emptied
    assert result.exit_code == 0 and "Indexed 0 documents" in result.output


def test_a_first_build_of_an_empty_raw_folder_says_what_to_put_in_it(runner, tmp_path: Path) -> None:
    """A new user's first `searchsvc index`, before any capture is in raw/, said only "Indexed 0 documents"."""
    (tmp_path / "raw").mkdir()
    base = ["--raw", str(tmp_path / "raw"), "--index", str(tmp_path / "ix")]
    result = runner.invoke(cli, [*base, "index"])
    assert result.exit_code == 0 and "Indexed 0 documents" in result.output
    assert f"the raw folder {tmp_path / 'raw'} holds no captures: put page captures in it" in result.output
    (tmp_path / "raw" / "report.pdf").write_bytes(b"%PDF-1.4")  # the line of files not read says why instead
    result = runner.invoke(cli, [*base, "index", "--rebuild"])
    assert "left out 1 file" in result.output and "holds no captures" not in result.output


def _without_root_reads() -> list[str]:
    """A command prefix under which `chmod 000` stops reads as it stops a user's (root reads anything)."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    drop = ["--inh-caps=-dac_override,-dac_read_search", "--bounding-set=-dac_override,-dac_read_search"]
    if setpriv is None or subprocess.run([setpriv, *drop, "true"], capture_output=True, check=False).returncode:
        pytest.skip("running as root, which reads any folder, and setpriv cannot take that right away here")
    return [setpriv, *drop]


def test_index_names_an_unreadable_folder_and_keeps_its_documents(tmp_path: Path) -> None:
    """`chmod 000 raw/news` made `searchsvc index` say "4 removed", and nothing about news/."""
    raw, ix = write_corpus(tmp_path / "raw", seeds=False), tmp_path / "ix"
    cmd = [*_without_root_reads(), sys.executable, "-m", "searchsvc", "--raw", str(raw), "--index", str(ix), "index",
           "--quiet"]
    assert subprocess.run(cmd, cwd=REPO, capture_output=True, check=False).returncode == 0
    (raw / "news").chmod(0)
    try:
        proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, check=False)
    finally:
        (raw / "news").chmod(0o755)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.splitlines() == [
        "skipped news/: cannot read the folder (Permission denied); its 4 documents are kept as they were"
    ]
    assert "(0 added, 0 updated, 0 removed, 6 unchanged), skipped 1 " in proc.stdout


def test_unreadable_index_is_a_clear_error(runner, tmp_path: Path) -> None:
    ix = tmp_path / "ix"
    (ix / "gen-1").mkdir(parents=True)
    (ix / "CURRENT").write_text("gen-1\n")
    result = runner.invoke(cli, ["--index", str(ix), "search", "x"])
    assert result.exit_code == 1
    assert "cannot open the index" in result.output and "Traceback" not in result.output


def test_extract_prints_what_the_indexer_makes(runner) -> None:
    seed = Path(__file__).resolve().parent.parent / "raw" / "000_be8c737e0d532a35.txt"
    result = runner.invoke(cli, ["extract", "--json", str(seed)])
    assert result.exit_code == 0
    doc = json.loads(result.output)
    assert list(doc) == ["id", "title", "date", "source", "url", "body"]
    assert doc["id"] == "000_be8c737e0d532a35.txt"
    assert doc["date"] == "2017-11-05" and doc["source"] == "KCNA"
    assert "Related posts" not in doc["body"]


def test_extract_reports_skipped_files(runner, tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("")
    result = runner.invoke(cli, ["extract", str(tmp_path / "empty.txt"), str(tmp_path / "missing.txt")])
    assert result.exit_code == 1
    assert "empty.txt: file is empty" in result.output
    assert "missing.txt: no such file" in result.output


def test_extract_says_a_folder_is_a_folder(runner, tmp_path: Path) -> None:
    """`searchsvc extract raw` said "no such file" of a folder that is there."""
    raw = write_corpus(tmp_path / "raw", seeds=False)
    result = runner.invoke(cli, ["extract", str(raw)])
    assert result.exit_code == 1
    assert result.stderr == f"skipped {raw}: a folder, not a capture: pass the captures in it (such as {raw}/*.txt)\n"


def test_index_says_a_sidecar_it_cannot_read_cannot_be_read(tmp_path: Path) -> None:
    """It said "sidecar flood-2019.meta.json is not valid JSON (PermissionError)"."""
    raw, ix = write_corpus(tmp_path / "raw", seeds=False), tmp_path / "ix"
    (raw / "news" / "flood-2019.meta.json").chmod(0)
    cmd = [*_without_root_reads(), sys.executable, "-m", "searchsvc", "--raw", str(raw), "--index", str(ix), "index",
           "--quiet"]
    proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.splitlines() == [
        "skipped news/flood-2019.txt: cannot read sidecar flood-2019.meta.json (Permission denied)"
    ]


def test_extract_text_output_shows_fields(runner, tmp_path: Path) -> None:
    raw = write_corpus(tmp_path / "raw", seeds=False)
    result = runner.invoke(cli, ["--raw", str(raw), "extract", str(raw / "news" / "drought-2021.txt")])
    assert result.exit_code == 0
    assert "== news/drought-2021.txt" in result.output
    assert "date:   2021-08-01" in result.output and "source: Rural Times" in result.output


def test_index_warns_of_a_sidecar_left_without_its_capture(runner, tmp_path: Path) -> None:
    """Moving a capture into a subfolder without its sidecar silently lost its date and source."""
    raw, ix = write_corpus(tmp_path / "raw", seeds=False), tmp_path / "ix"
    args = ["--raw", str(raw), "--index", str(ix), "index", "--quiet"]
    assert runner.invoke(cli, args).exit_code == 0
    (raw / "news" / "old").mkdir()
    (raw / "news" / "flood-2019.txt").rename(raw / "news" / "old" / "flood-2019.txt")
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert ("warning news/flood-2019.meta.json: sidecar without a capture (expected flood-2019.txt, .html, .mhtml "
            "or another capture beside it), so its metadata is not used") in result.stderr.splitlines()
    assert "(1 added, 0 updated, 1 removed, 5 unchanged), skipped 0, 1 warning in " in result.stdout
    # Said again at every build until it is mended, as a skipped capture is.
    assert "1 warning" in runner.invoke(cli, args).stdout
    (raw / "news" / "flood-2019.meta.json").rename(raw / "news" / "old" / "flood-2019.meta.json")
    result = runner.invoke(cli, args)
    assert "warning" not in result.output and "1 updated" in result.stdout


def test_index_names_linked_folders_and_links_leading_outside(runner, tmp_path: Path) -> None:
    """`ln -s /elsewhere raw/linked` was left out without a word, and a linked file was read from anywhere."""
    raw, ix, elsewhere = write_corpus(tmp_path / "raw", seeds=False), tmp_path / "ix", tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "stilts.txt").write_text("Stilts\n\nThe black-winged stilt wades in lagoons.")
    (raw / "linked").symlink_to(elsewhere, target_is_directory=True)
    (raw / "blog" / "stilts.txt").symlink_to(elsewhere / "stilts.txt")
    (raw / "blog" / "again.txt").symlink_to(raw / "news" / "sanctions.txt")  # inside: read
    result = runner.invoke(cli, ["--raw", str(raw), "--index", str(ix), "index", "--quiet"])
    assert result.exit_code == 0, result.output
    assert sorted(result.stderr.splitlines()) == [
        f"skipped blog/stilts.txt: a link to a file outside the raw folder ({elsewhere.resolve()}/stilts.txt), "
        "not indexed: copy the file in instead",
        "skipped linked/: a linked folder, not entered: move or copy its captures into the raw folder",
    ]
    assert "Indexed 7 documents (rebuilt), skipped 2 " in result.stdout
    assert "0 results" in runner.invoke(cli, ["--index", str(ix), "search", "stilt"]).output


def test_index_says_when_it_indexed_only_the_first_part_of_a_huge_capture(runner, tmp_path: Path) -> None:
    """A search for text past the first 1,000,000 characters found nothing, and no build said why."""
    raw, ix = write_corpus(tmp_path / "raw", seeds=False), tmp_path / "ix"
    minutes = "\n\n".join(f"At sitting {n} the committee adopted resolution {n} on grain." for n in range(18_000))
    text = f"Minutes\n\n{minutes}\n\nThe last sitting closed with a word on avocets.\n"
    (raw / "minutes.txt").write_text(text, encoding="utf-8")
    args = ["--raw", str(raw), "--index", str(ix), "index", "--quiet"]
    for _ in range(2):  # the first build, and one with nothing changed
        result = runner.invoke(cli, args)
        assert result.exit_code == 0, result.output
        (line,) = result.stderr.splitlines()
        assert re.fullmatch(r"warning minutes\.txt: indexed its first 1,000,000 characters of 1,18\d,\d{3}: "
                            "searches do not find the rest", line), line
        assert ", skipped 0, 1 warning in " in result.stdout
    assert "0 results" in runner.invoke(cli, ["--index", str(ix), "search", "avocets"]).output
    assert "1 result" in runner.invoke(cli, ["--index", str(ix), "search", "resolution", "17"]).output


def test_index_skips_a_capture_whose_name_has_a_line_break(runner, tmp_path: Path) -> None:
    """Indexed, its /doc/ link gave 404 and `searchsvc search` printed its id on two lines."""
    raw, ix = write_corpus(tmp_path / "raw", seeds=False), tmp_path / "ix"
    (raw / "news" / "two\nlines.txt").write_text("Broken name\n\nA note about the kestrel.")
    (raw / "odd\nfolder").mkdir()
    (raw / "odd\nfolder" / "x.txt").write_text("In a broken folder\n\nA note about the merlin.")
    result = runner.invoke(cli, ["--raw", str(raw), "--index", str(ix), "index", "--quiet"])
    assert result.exit_code == 0, result.output
    assert sorted(result.stderr.splitlines()) == [
        "skipped news/two\\nlines.txt: file name has a line break: rename it",
        "skipped odd\\nfolder/: folder name has a line break: rename it",
    ]
    assert "Indexed 6 documents (rebuilt), skipped 2 " in result.stdout
    assert "0 results" in runner.invoke(cli, ["--index", str(ix), "search", "kestrel"]).output


def test_serve_says_what_its_first_build_skipped(runner, tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    """`searchsvc serve` builds a missing index first; it printed only "Indexed 6 documents, skipped
    1.", never which capture was skipped or why, as `searchsvc index` does."""
    from searchsvc import serve

    raw = write_corpus(tmp_path / "raw", seeds=False)
    (raw / "empty.txt").write_bytes(b"")
    served = []
    monkeypatch.setattr(serve, "run", lambda settings, **kw: served.append(kw))
    result = runner.invoke(cli, ["--raw", str(raw), "--index", str(tmp_path / "ix"), "serve", "--port", "8999"])
    assert result.exit_code == 0 and served
    assert "skipped empty.txt: " in result.stderr
    assert "Indexed 6 documents (rebuilt), skipped 1" in result.stderr


def test_serve_on_a_port_in_use_says_so_before_building(runner, tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    """A port another server held: searchsvc built the index, said "Serving on http://127.0.0.1:PORT/", then
    gunicorn retried for five seconds and ended with "Can't connect to ('127.0.0.1', PORT)"."""
    import socket

    from searchsvc import serve

    raw = write_corpus(tmp_path / "raw", seeds=False)
    served = []
    monkeypatch.setattr(serve, "run", lambda settings, **kw: served.append(kw))
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        held.listen()
        port = held.getsockname()[1]
        result = runner.invoke(cli, ["--raw", str(raw), "--index", str(tmp_path / "ix"), "serve", "--port", str(port)])
    assert result.exit_code == 1 and not served
    assert f"Error: port {port} is in use on 127.0.0.1" in result.stderr and "--port" in result.stderr
    assert "Serving on" not in result.stderr and "Indexed" not in result.stderr  # nothing built first
    result = runner.invoke(cli, ["--raw", str(raw), "--index", str(tmp_path / "ix"), "serve", "--host", "999.1.1.1"])
    assert result.exit_code == 1 and "cannot listen on 999.1.1.1" in result.stderr and not served


def test_a_query_that_is_only_a_date_says_how_to_list_the_documents_dated_then(runner, settings) -> None:
    result = runner.invoke(cli, ["--index", str(settings.index_dir), "search", "2 March 2019"])
    assert result.exit_code == 0
    listing = "List it with --from 2019-03-02 --to 2019-03-02 and no words."
    assert f"1 document is dated 2 March 2019. {listing}" in result.output


def test_a_date_among_words_says_how_to_list_their_results_dated_then(runner, settings) -> None:
    result = runner.invoke(cli, ["--index", str(settings.index_dir), "search", "river", "March", "2019"])
    assert result.exit_code == 0
    assert ("1 result for “river” is dated March 2019. "
            "List it with --from 2019-03 --to 2019-03 and only the words “river”.") in result.output
    since = runner.invoke(cli, ["--index", str(settings.index_dir), "search", "river", "since", "June", "2020"])
    assert ("2 results for “river” are dated from June 2020 on. "
            "List them with --from 2020-06 and only the words “river”.") in since.output


def test_search_marks_the_matched_words_in_a_terminal_and_not_in_a_pipe(runner, settings, monkeypatch) -> None:
    """The search page marks why each result matched; the terminal showed every snippet as plain text.
    In a terminal the marked words of titles and snippets are now bold red, as grep marks matches;
    piped, or with NO_COLOR set (no-color.org), the text is plain."""
    monkeypatch.delenv("NO_COLOR", raising=False)
    search = ["--index", str(settings.index_dir), "search", "river", "--per-page", "1"]
    bold_red = re.compile(r"\x1b\[31m\x1b\[1m(.*?)\x1b\[0m")
    shown = runner.invoke(cli, search, color=True).output
    marked = bold_red.findall(shown)
    assert marked and all(word.lower().startswith("river") for word in marked)
    title_line = shown.splitlines()[2]
    assert title_line.startswith("1. ")
    piped = runner.invoke(cli, search).output
    assert "\x1b" not in piped
    def untimed(output: str) -> str:
        return re.sub(r"\(\d+ ms\)", "", output)

    assert untimed(bold_red.sub(r"\1", shown)) == untimed(piped)  # the same text, only marked
    monkeypatch.setenv("NO_COLOR", "1")
    assert untimed(runner.invoke(cli, search, color=True).output) == untimed(piped)


def test_a_date_that_answered_a_question_is_marked_in_the_terminal(runner, settings, monkeypatch) -> None:
    """As the search page marks a result's date when it answered the question's "March 2019"."""
    monkeypatch.delenv("NO_COLOR", raising=False)
    question = ["--index", str(settings.index_dir), "search", "river farmers harvests March 2019", "--per-page", "2"]
    lines = runner.invoke(cli, question, color=True).output.splitlines()
    firsts = [line for line in lines if re.match(r"\d+\. ", line)]
    assert firsts[0].endswith("[\x1b[31m\x1b[1m2019-03-02\x1b[0m · Daily Planet]")
    assert "\x1b" not in firsts[1].rpartition("[")[2]


def test_index_names_the_files_it_does_not_read_once_by_kind(runner, tmp_path: Path) -> None:
    """A report.pdf, notes.docx or capture.warc.gz dropped into raw/ was left out without a word:
    "Indexed 6 documents (rebuilt), skipped 0"."""
    raw, ix = write_corpus(tmp_path / "raw", seeds=False), tmp_path / "ix"
    for name in ("report.pdf", "notes.docx", "capture.warc.gz", *(f"scans/page-{n:02d}.pdf" for n in range(30)),
                 ".DS_Store", "page.html", "page_files/style.css", "page_files/logo.png"):
        (raw / name).parent.mkdir(parents=True, exist_ok=True)
        (raw / name).write_bytes(b"<html><body><h1>Saved</h1><p>A page saved with its assets.</p></body></html>")
    args = ["--raw", str(raw), "--index", str(ix), "index", "--quiet"]
    for _ in range(2):  # the first build, and one with nothing changed
        result = runner.invoke(cli, args)
        assert result.exit_code == 0, result.output
        assert result.stderr.splitlines() == [
            "left out 33 files searchsvc does not read: 31 .pdf (report.pdf, …), 1 .docx (notes.docx), 1 .warc.gz "
            "(capture.warc.gz); it reads .txt, .html, .htm, .mhtml, .mht and .webarchive files (.html and .htm "
            "gzipped too)"
        ]
        assert ", skipped 0, 33 files left out in " in result.stdout


def test_extract_says_which_files_it_reads(runner, tmp_path: Path) -> None:
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")
    result = runner.invoke(cli, ["extract", str(tmp_path / "notes.docx")])
    assert result.exit_code == 1
    assert result.stderr == (f"skipped {tmp_path}/notes.docx: not a file searchsvc reads: it reads .txt, .html, .htm, "
                             ".mhtml, .mht and .webarchive files (.html and .htm gzipped too)\n")


def test_extract_says_why_a_build_leaves_a_file_under_raw_out(runner, tmp_path: Path) -> None:
    """`searchsvc extract` showed a document for files `searchsvc index` never indexes: a link to a
    file outside the raw folder (under the id of the file it leads to), a frame saved in a page's
    folder of assets, a page in a hidden folder."""
    raw = write_corpus(tmp_path / "raw", seeds=False)
    page = "<html><head><title>A page</title></head><body><p>" + "Words of a saved page. " * 20 + "</p></body></html>"
    outside = tmp_path / "elsewhere.html"
    outside.write_text(page)
    (raw / "linked.html").symlink_to(outside)
    (raw / "saved.html").write_text(page)
    (raw / "saved_files").mkdir()
    (raw / "saved_files" / "saved_resource.html").write_text(page)
    (raw / ".trash").mkdir()
    (raw / ".trash" / "old.html").write_text(page)
    base = ["--raw", str(raw), "--index", str(tmp_path / "ix")]
    result = runner.invoke(cli, [*base, "index", "--quiet"])
    assert result.exit_code == 0 and "Indexed 7 documents" in result.output  # saved.html and the corpus's 6
    files = [raw / "linked.html", raw / "saved_files" / "saved_resource.html", raw / ".trash" / "old.html",
             raw / "saved.html"]
    result = runner.invoke(cli, [*base, "extract", *map(str, files)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"skipped {raw}/linked.html: a link to a file outside the raw folder ({outside}), not indexed: "
        "copy the file in instead",
        f"skipped {raw}/saved_files/saved_resource.html: in saved_files/, the folder of assets saved beside "
        "saved.html, which builds do not enter: it is part of that page",
        f"skipped {raw}/.trash/old.html: in the hidden folder .trash/, which builds do not enter",
    ]
    assert result.stdout.startswith("== saved.html\n")
