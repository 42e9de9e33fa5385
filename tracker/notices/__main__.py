"""`python -m tracker.notices FILE [--format json]`: the parse command without the app."""

from tracker.notices.commands import parse_command

if __name__ == "__main__":
    parse_command(prog_name="python -m tracker.notices")
