"""Provides the shell completion scripts of `biasdash completion bash|zsh|fish`, made from the
argparse parser itself (its commands, options and choices), so that they never drift from it.

shtab would do bash and zsh but not fish; what the three need from the parser is small: for each
command (`check`, `rules validate`), its sub-commands, its options, which of them take a value,
and the choices of those that have them. Values without choices complete as file names."""

from __future__ import annotations

import argparse
import shlex
from dataclasses import dataclass, field

SHELLS = ("bash", "zsh", "fish")


@dataclass
class Level:
    """One command of the parser: `path` is how it is named ("" for biasdash itself, "rules test")."""

    path: str
    help: str = ""
    commands: dict[str, str] = field(default_factory=dict)  # sub-command -> its one-line help
    flags: list[str] = field(default_factory=list)  # options that take no value
    valued: dict[str, tuple[str, ...]] = field(default_factory=dict)  # option -> its choices (or none)
    words: tuple[str, ...] = ()  # choices of its positional arguments (`eval attribution`)


def levels(parser: argparse.ArgumentParser, path: str = "", help: str = "") -> list[Level]:
    """Every command of `parser`, biasdash itself first, depth first."""
    level = Level(path, help)
    found = [level]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {a.dest: a.help or "" for a in action._choices_actions}
            for name, sub in action.choices.items():
                level.commands[name] = helps.get(name, "")
                found += levels(sub, f"{path} {name}".strip(), helps.get(name, ""))
        elif not action.option_strings:
            level.words += tuple(str(c) for c in action.choices or ())
        elif action.nargs == 0:
            level.flags += action.option_strings
        else:
            for option in action.option_strings:
                level.valued[option] = tuple(str(c) for c in action.choices or ())
    return found


def _words(items: list[str] | tuple[str, ...]) -> str:
    return shlex.quote(" ".join(items))


def bash(parser: argparse.ArgumentParser, prog: str = "biasdash") -> str:
    """A bash completion function for `prog`, registered with `complete -F`."""
    all_levels = levels(parser)
    fn = "_" + prog.replace("-", "_")

    def case(what: str, body: dict[str, str]) -> list[str]:
        out = [f"{fn}_{what}() {{", '    case "$1" in']
        out += [f"        {shlex.quote(key)}) echo {value} ;;" for key, value in body.items()]
        return out + ["    esac", "}"]

    lines = [f"# bash completion for {prog}, made from its parser: eval \"$({prog} completion bash)\"", ""]
    lines += case("commands", {lv.path: _words(list(lv.commands)) for lv in all_levels if lv.commands})
    lines += case("options", {lv.path: _words(lv.flags + list(lv.valued)) for lv in all_levels})
    lines += case("valued", {lv.path: _words(list(lv.valued)) for lv in all_levels if lv.valued})
    lines += case("words", {lv.path: _words(lv.words) for lv in all_levels if lv.words})
    lines += case("choices", {f"{lv.path}|{option}": _words(choices) for lv in all_levels
                              for option, choices in lv.valued.items() if choices})
    lines += f"""
# Adds what a command prints, one candidate a line (a file name may hold spaces); not mapfile, which
# zsh's bashcompinit lacks. Inside, the usual IFS, so that compgen -W splits its words on spaces.
{fn}_add() {{
    local IFS=$'\\n'
    COMPREPLY+=( $(IFS=$' \\t\\n'; "$@") )
}}
{fn}() {{
    local cur="${{COMP_WORDS[COMP_CWORD]}}" prev="" path="" word given="" i
    (( COMP_CWORD > 0 )) && prev="${{COMP_WORDS[COMP_CWORD-1]}}"
    # `--format=s`: bash splits it at the "=" (COMP_WORDBREAKS): the option is the word before it.
    if [[ "$cur" == "=" ]]; then
        prev="${{COMP_WORDS[COMP_CWORD-1]}}" cur=""
    elif [[ "$prev" == "=" ]] && (( COMP_CWORD > 1 )); then
        prev="${{COMP_WORDS[COMP_CWORD-2]}}"
    fi
    # The command named so far (`rules test`): words that are sub-commands, not option values.
    for (( i = 1; i < COMP_CWORD; i++ )); do
        word="${{COMP_WORDS[i]}}"
        [[ "$word" == -* ]] && continue
        (( i > 1 )) && [[ " $({fn}_valued "$path") " == *" ${{COMP_WORDS[i-1]}} "* ]] && continue
        if [[ " $({fn}_commands "$path") " == *" $word "* ]]; then
            path="${{path:+$path }}$word"
        elif [[ " $({fn}_words "$path") " == *" $word "* ]]; then
            given=1  # the command's fixed first argument (`rules new sources`)
        fi
    done
    COMPREPLY=()
    if [[ "$cur" != -* && " $({fn}_valued "$path") " == *" $prev "* ]]; then
        local choices
        choices="$({fn}_choices "$path|$prev")"
        if [[ -n "$choices" ]]; then
            {fn}_add compgen -W "$choices" -- "$cur"
        else
            {fn}_add compgen -f -- "$cur"
        fi
    elif [[ "$cur" == -* ]]; then
        {fn}_add compgen -W "$({fn}_options "$path")" -- "$cur"
    else
        {fn}_add compgen -W "$({fn}_commands "$path") $({fn}_words "$path")" -- "$cur"
        # Articles, folders and rule packs: file names where the command takes paths (not in
        # place of a fixed choice still to give: `rules new KIND`, `completion SHELL`).
        [[ "$path" != "rules" && ( -z "$({fn}_words "$path")" || -n "$given" ) ]] && {fn}_add compgen -f -- "$cur"
    fi
    return 0
}}
complete -o filenames -F {fn} {prog}
""".splitlines()
    return "\n".join(lines) + "\n"


def zsh(parser: argparse.ArgumentParser, prog: str = "biasdash") -> str:
    """The bash function run by zsh's bashcompinit (the same completions, from one script)."""
    return (f"# zsh completion for {prog}, made from its parser: eval \"$({prog} completion zsh)\"\n"
            "autoload -U +X compinit && compinit\n"
            "autoload -U +X bashcompinit && bashcompinit\n" + bash(parser, prog).split("\n", 1)[1])


def fish(parser: argparse.ArgumentParser, prog: str = "biasdash") -> str:
    """`complete -c` lines for fish, one per command, option and choice."""
    lines = [f"# fish completion for {prog}, made from its parser: {prog} completion fish | source"]
    all_levels = levels(parser)

    def condition(path: str) -> str:
        if not path:
            return "__fish_use_subcommand"
        names = path.split()
        # Named, and none of its own sub-commands named yet (for `rules`).
        parts = [f"__fish_seen_subcommand_from {name}" for name in names]
        own = next((lv for lv in all_levels if lv.path == path), None)
        if own is not None and own.commands:
            parts.append(f"not __fish_seen_subcommand_from {' '.join(own.commands)}")
        return "; and ".join(parts)

    for lv in all_levels:
        # Options of biasdash itself are offered before a command; a command's after it.
        when = shlex.quote(condition(lv.path))
        for name, help in lv.commands.items():
            lines.append(f"complete -c {prog} -f -n {when} -a {shlex.quote(name)} -d {shlex.quote(help)}")
        for option in lv.flags + list(lv.valued):
            spec = f"-l {option[2:]}" if option.startswith("--") else f"-s {option[1:]}"
            choices = lv.valued.get(option)
            if choices:
                spec += f" -x -a {_words(choices)}"
            elif option in lv.valued:
                spec += " -r -F"
            lines.append(f"complete -c {prog} -n {when} {spec}")
        if lv.words:
            lines.append(f"complete -c {prog} -n {when} -a {_words(lv.words)}")
    return "\n".join(lines) + "\n"


def script(shell: str, parser: argparse.ArgumentParser) -> str:
    return {"bash": bash, "zsh": zsh, "fish": fish}[shell](parser)
