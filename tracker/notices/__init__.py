"""Directive-notice parser: text extraction, task segmentation, owners, deadlines, agency resolution."""

from tracker.notices.extract import NoticeError, extract_text
from tracker.notices.pipeline import parse_file, parse_text
from tracker.notices.resolve import Resolution, resolve_names

__all__ = ["NoticeError", "Resolution", "extract_text", "parse_file", "parse_text", "resolve_names"]
