"""The `searchsvc` command: index, search, extract, serve. Each parses options, calls the core, formats."""

from __future__ import annotations

import json
import os
import sys
from contextlib import nullcontext
from datetime import date
from pathlib import Path

import click

from . import collector
from .captures import WalkAhead, not_read_line
from .errors import CaptureSkipped, IndexNotReady, QueryError, SearchsvcError
from .models import BuildReport, Query
from .settings import Settings

COPIES_LISTED = 5  # under a result; --json has every copy


@click.group()
@click.option(
    "--raw",
    "raw_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder of captures [env SEARCHSVC_RAW_DIR; default ./raw]",
)
@click.option(
    "--index",
    "index_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Index folder [env SEARCHSVC_INDEX_DIR; default ./index]",
)
@click.version_option(package_name="searchsvc")
@click.pass_context
def cli(ctx: click.Context, raw_dir: Path | None, index_dir: Path | None) -> None:
    """Full-text search over a folder of captured web pages."""
    try:
        settings = Settings.from_env()
    except ValueError as exc:
        # Not a UsageError: the command's usage says nothing about a SEARCHSVC_* variable's value.
        raise BadInput(str(exc)) from exc
    ctx.obj = settings.with_overrides(raw_dir=raw_dir, index_dir=index_dir)


pass_settings = click.make_pass_decorator(Settings)


class _Whole(click.IntRange):
    """A whole number within bounds. click's IntRange refused "--page x" as "'x' is not a valid integer
    range", as if a range had been asked for where a number was."""

    name = "integer"


class BadInput(click.ClickException):
    """A query or filter value the core refused: "Error: <message>" alone, exit code 2. A UsageError
    put click's "Usage:" and "Try --help" lines before it, which are for mistakes in the command line."""

    exit_code = 2


@cli.command("index")
@click.option("--quiet", is_flag=True, help="No progress bar.")
@click.option("--rebuild", is_flag=True, help="Re-extract every capture instead of only new and changed ones.")
@click.option("--workers", type=_Whole(0, 256), default=None,
              help="Processes that extract and index [env SEARCHSVC_BUILD_WORKERS; default 0: one per CPU, up to 8]")
@pass_settings
def index_cmd(settings: Settings, quiet: bool, rebuild: bool, workers: int | None) -> None:
    """Update the index from the raw folder (atomically: the old index serves until the new one is ready)."""
    report = _build(settings.with_overrides(build_workers=workers), quiet=quiet, rebuild=rebuild)
    _say_built(report, settings)


def _say_built(report: BuildReport, settings: Settings, *, err: bool = False) -> None:
    """A build's skip and warning lines (on stderr), then its summary line."""
    for capture_id, reason in report.skipped:
        click.echo(f"skipped {capture_id}: {reason}", err=True)
    for path, warning in report.warnings:
        click.echo(f"warning {path}: {warning}", err=True)
    if report.not_read:
        click.echo(not_read_line(report.not_read), err=True)
    if report.rebuilt_because:
        click.echo(f"rebuilt from scratch: {report.rebuilt_because}", err=True)
    if not report.indexed and not report.skipped and not report.not_read:
        # A first build of an empty folder (a new user's, or a mistyped --raw) said only "Indexed 0 documents".
        click.echo(f"the raw folder {settings.raw_dir} holds no captures: put page captures in it (.txt, .html, "
                   ".mhtml or .webarchive files, in folders if you like) and run `searchsvc index` again", err=True)
    how = (
        "rebuilt"
        if report.rebuilt
        else (f"{report.added} added, {report.updated} updated, {report.removed} removed, {report.unchanged} unchanged"
              + (f", of which {report.resplit} rewritten with glued names split" if report.resplit else ""))
    )
    n = len(report.warnings)
    warned = f", {n} warning{'s' if n != 1 else ''}" if n else ""
    if left_out := sum(len(paths) for paths in report.not_read.values()):
        warned += f", {left_out:,} file{'s' if left_out != 1 else ''} left out"
    click.echo(
        f"Indexed {report.indexed} document{'s' if report.indexed != 1 else ''} ({how}), "
        f"skipped {len(report.skipped)}{warned} in {report.seconds:.1f}s → {settings.index_dir}/{report.generation}",
        err=err,
    )


def _build(settings: Settings, *, quiet: bool = False, rebuild: bool = False):  # noqa: ANN202
    # The walk of the raw folder starts first, in a process of its own, while the build's modules are
    # imported (captures.WalkAhead); a rebuild only lists the captures, where an update stats them too.
    try:
        walk = WalkAhead(settings.raw_dir, stamped=not rebuild)
    except SearchsvcError as exc:
        raise click.ClickException(exc.message) from exc
    with walk or nullcontext():
        return _build_with(settings, quiet=quiet, rebuild=rebuild, walk=walk)


def _build_with(settings: Settings, *, quiet: bool, rebuild: bool, walk: WalkAhead | None):  # noqa: ANN202
    # Imported here, as in extract_cmd: `searchsvc search` would otherwise load every extraction
    # and build module (about a fifth of its start-up) and use none of them.
    with collector.paused():  # modules are there to stay
        from .indexer import build_index

    bar = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = click.progressbar(length=total, label="Indexing", file=sys.stderr, show_pos=True)
            bar.__enter__()
        bar.update(1)

    try:
        return build_index(settings.raw_dir, settings.index_dir, progress=None if quiet else progress, rebuild=rebuild,
                           workers=settings.build_workers, walk=walk)
    except SearchsvcError as exc:
        raise click.ClickException(exc.message) from exc
    except OSError as exc:
        raise click.ClickException(f"cannot write the index in {settings.index_dir}: {exc.strerror or exc}") from exc
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)


class _SearchCommand(click.Command):
    """`searchsvc search`, whose query words may start with a minus (`oil -gas`, the query syntax's NOT), which
    click read as options ("No such option '-g'"). Words that are no option of the command are query words
    (click's ignore_unknown_options), except one that starts with two dashes before a `--`: that is a mistyped
    option (`--colour`), still refused with the command's usage, not searched for. The command has no short
    options, so no letter of a `-word` can be taken for one (tests/test_cli.py checks it)."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        options = [p for p in self.get_params(ctx) if isinstance(p, click.Option)]
        names = {name for p in options for name in (*p.opts, *p.secondary_opts)}
        takes_value = {name for p in options if not p.is_flag for name in p.opts}
        skip = False
        for arg in args:
            if arg == "--":
                break
            if skip:  # an option's value, such as `--source --x`
                skip = False
                continue
            name = arg.split("=", 1)[0]
            if name.startswith("--") and len(name) > 2 and name not in names:
                raise click.NoSuchOption(name, possibilities=names, ctx=ctx)
            skip = name in takes_value and "=" not in arg
        return super().parse_args(ctx, args)


@cli.command("search", cls=_SearchCommand, context_settings={"ignore_unknown_options": True})
@click.argument("query", nargs=-1)
@click.option("--json", "as_json", is_flag=True, help="Print the API's JSON response.")
@click.option("--source", default=None, help="Only documents from this source.")
@click.option("--from", "date_from", default=None, help="Dated on or after YYYY, YYYY-MM or YYYY-MM-DD.")
@click.option("--to", "date_to", default=None, help="Dated on or before YYYY, YYYY-MM or YYYY-MM-DD.")
@click.option("--sort", type=click.Choice(["relevance", "newest", "oldest"]), default="relevance")
@click.option("--page", type=_Whole(1, 1000), default=1)
@click.option("--per-page", type=_Whole(1), default=None,
              help="Results a page [env SEARCHSVC_PER_PAGE; default 10; at most SEARCHSVC_MAX_PER_PAGE, 100]")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "csv", "jsonl"]),
    default="text",
    help="csv or jsonl: one row per match (id, title, date, source, url, group, score, missing), as the web exports.",
)
@click.option("--all", "every", is_flag=True, help="Every match instead of one page (with --format csv or jsonl).")
@pass_settings
def search_cmd(
    settings: Settings,
    query: tuple[str, ...],
    as_json: bool,
    source: str | None,
    date_from: str | None,
    date_to: str | None,
    sort: str,
    page: int,
    per_page: int | None,
    fmt: str,
    every: bool,
) -> None:
    """Search the index and print the matches."""
    if as_json and fmt != "text":
        raise click.UsageError("--json and --format cannot be combined (--format jsonl gives one match per line)")
    if every and fmt == "text":
        raise click.UsageError("--all needs --format csv or --format jsonl")
    # As the API reads them: SEARCHSVC_PER_PAGE and SEARCHSVC_MAX_PER_PAGE were the server's alone, and the
    # command refused --per-page 150 where SEARCHSVC_MAX_PER_PAGE=200 let the API answer per_page=150.
    per_page = per_page or settings.per_page
    if per_page > settings.max_per_page:
        raise click.BadParameter(f"{per_page} is more than {settings.max_per_page}, the largest page size "
                                 "(SEARCHSVC_MAX_PER_PAGE)", param_hint="'--per-page'")
    try:
        q = Query(
            q=" ".join(query),
            page=page,
            per_page=per_page,
            source=(source or "").strip() or None,  # as the API reads it: blank is no filter
            sort=sort,
            date_from=_date_option(date_from, end=False, option="--from") if date_from else None,
            date_to=_date_option(date_to, end=True, option="--to") if date_to else None,
        )
        if q.date_from and q.date_to and q.date_from > q.date_to:
            raise BadInput("--from is after --to; swap them")  # the API names its parameters 'from' and 'to'
        if fmt != "text":
            _export(settings, q, fmt, every)
            return
        live = _live(settings)
        results = _core().search(live, q, max_per_page=settings.max_per_page)
    except QueryError as exc:
        raise BadInput(exc.message) from exc
    except SearchsvcError as exc:  # no index, or one that cannot be opened
        raise click.ClickException(exc.message) from exc
    if as_json:
        click.echo(json.dumps(results.to_dict(), ensure_ascii=False))
        return
    # Styles are dropped where the output is no terminal (click.echo); NO_COLOR (no-color.org) drops them too.
    color = False if os.environ.get("NO_COLOR") else None
    click.echo(f"{results.total} result{'s' if results.total != 1 else ''} ({results.took_ms:.0f} ms)")
    if results.suggestion:
        click.echo(f"Did you mean: {results.suggestion}")
    if results.relaxed_notice:
        click.echo(results.relaxed_notice)
    if results.named_notice:
        click.echo(results.named_notice)
    if results.date_filter:
        dated = results.date_filter
        words = f"only the words “{dated.words}”" if dated.words else "no words"
        bounds = " ".join(f"--{name} {value}" for name, value in (("from", dated.start), ("to", dated.end)) if value)
        more = f" List {'it' if dated.total == 1 else 'them'} with {bounds} and {words}."
        click.echo(dated.notice + (more if dated.total else ""))
    if notice := _core().empty_index_notice(live, results):
        click.echo(notice)
    if results.total and not results.hits:
        # "5 results" and nothing under it read as five results lost; the search page links the last page.
        click.echo(f"Page {page} is past the last page of these results: use --page {results.page_count}.")
    for n, hit in enumerate(results.hits, (page - 1) * per_page + 1):
        day = hit.date.isoformat() if hit.date else "undated"
        meta = " · ".join(_marked(x) if kind in hit.matched_by else x
                          for kind, x in (("date", day), ("source", hit.source)) if x)
        title = _terminal(hit.title_html) if hit.title_html else hit.title
        click.echo(f"\n{n}. {title}  [{meta}]\n   {hit.id}\n   {_terminal(hit.snippet)}", color=color)
        if hit.missing_note:
            click.echo(f"   {hit.missing_note}")
        if hit.copies:
            # Where a text was published again, as the page's "other copies of this text" says: without
            # them, a reader of the command could not tell where else, or when, a quotation appeared.
            click.echo(f"   {len(hit.copies)} other cop{'y' if len(hit.copies) == 1 else 'ies'} of this text:")
            for copy in hit.copies[:COPIES_LISTED]:
                about = " · ".join(x for x in (copy.date.isoformat() if copy.date else "undated", copy.source) if x)
                click.echo(f"     {copy.id}  [{about}]")
            if len(hit.copies) > COPIES_LISTED:
                click.echo(f"     and {len(hit.copies) - COPIES_LISTED} more (--json lists them all)")


def _date_option(value: str, *, end: bool, option: str) -> date:
    """A --from or --to value as a date; a bad one is refused naming the option the user typed ("--from must
    be a date …"), where the API's message names its parameter ('from')."""
    from .queryparse import parse_date_bound  # here, not at the top: `searchsvc index` never parses queries

    name = option.removeprefix("--")
    try:
        return parse_date_bound(value, end=end, name=name)
    except QueryError as exc:
        raise BadInput(option + exc.message.removeprefix(repr(name))) from exc


def _export(settings: Settings, q: Query, fmt: str, every: bool) -> None:
    """The rows of the web exports: every match (`every`) or the page's."""
    from .web import export

    core, index = _core(), _live(settings)
    hits = (export.started(core.iter_matches(index, q)) if every
            else iter(core.search(index, q, max_per_page=settings.max_per_page).hits))
    chunks = export.csv_chunks(hits) if fmt == "csv" else export.jsonl_chunks(hits)
    for chunk in chunks:
        click.echo(chunk, nl=False)


@cli.command("extract")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line: id, title, date, source, url, body.")
@pass_settings
def extract_cmd(settings: Settings, paths: tuple[Path, ...], as_json: bool) -> None:
    """Show what the indexer makes of each capture file."""
    from . import glue
    from .captures import left_out_by_walk, read_capture
    from .extract import extract as extract_capture

    repair = glue.Repair.live(settings.index_dir)  # names glued by a scraper are split as the index does
    failed = 0
    for given in paths:
        # A link is named as given, not as the file it leads to: the build indexes it under its own
        # name, or, leading out of the raw folder, not at all.
        path = given.absolute().parent.resolve() / given.name if given.is_symlink() else given.resolve()
        base = settings.raw_dir.resolve() if _inside(path.parent, settings.raw_dir) else path.parent
        try:
            if path.is_dir():
                raise CaptureSkipped(f"a folder, not a capture: pass the captures in it (such as {given / '*.txt'})")
            if not path.exists():
                raise CaptureSkipped("no such file")
            if why := left_out_by_walk(settings.raw_dir, given):
                raise CaptureSkipped(why)  # as `searchsvc index` would say it, or say nothing of it
            doc = repair.document(extract_capture(read_capture(base, path)))
        except CaptureSkipped as exc:
            failed += 1
            click.echo(f"skipped {path}: {exc}", err=True)
            continue
        if doc.warning:
            click.echo(f"warning {path}: {doc.warning}", err=True)
        if as_json:
            click.echo(json.dumps(doc.to_dict(), ensure_ascii=False))
        else:
            click.echo(
                f"== {doc.id}\ntitle:  {doc.title}\ndate:   {doc.date.isoformat() if doc.date else '-'}\n"
                f"source: {doc.source or '-'}\nurl:    {doc.url or '-'}\n\n{doc.body}\n"
            )
    if failed:
        sys.exit(1)


@cli.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=_Whole(1, 65535))
@click.option("--workers", default=2, show_default=True, type=_Whole(1, 64))
@pass_settings
def serve_cmd(settings: Settings, host: str, port: int, workers: int) -> None:
    """Serve the search page and API with gunicorn (builds the index first if there is none)."""
    from .serve import cannot_listen, run

    if problem := cannot_listen(host, port):  # before a first build, which may take minutes
        raise click.ClickException(problem)
    try:
        _core().document_count(_live(settings))
    except IndexNotReady:
        click.echo(f"No index in {settings.index_dir}; building it from {settings.raw_dir} first.", err=True)
        # As `searchsvc index` says it: the first build is where most skipped captures show.
        _say_built(_build(settings), settings, err=True)
    click.echo(f"Serving on http://{host}:{port}/ (Ctrl-C to stop)", err=True)
    run(settings, host=host, port=port, workers=workers)


def _core():  # noqa: ANN202 - the search module
    # Imported on first use: `searchsvc index` (run after every change to raw/) never searches.
    from . import search

    return search


def _live(settings: Settings):  # noqa: ANN202 - a LiveIndex
    from .live_index import LiveIndex

    return LiveIndex(settings.index_dir)


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


def _terminal(marked_html: str) -> str:
    """A snippet or title (escaped HTML with <mark>) as terminal text, the marked words bold red as
    grep marks its matches."""
    import html

    parts = marked_html.split("<mark>")
    out = [html.unescape(parts[0])]
    for part in parts[1:]:
        word, _, rest = part.partition("</mark>")
        out += [_marked(html.unescape(word)), html.unescape(rest)]
    return "".join(out)


def _marked(text: str) -> str:
    return click.style(text, fg="red", bold=True)
