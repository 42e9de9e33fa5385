"""Province settings the rules need, bound once by create_app (plain values, no Flask)."""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass
class Settings:
    due_soon_working_days: int = 3
    late_extension_erases_lateness: bool = False
    office_decides_extensions: bool = True
    upload_dir: str = "instance/uploads"
    upload_max_bytes: int = 20 * 1024 * 1024
    upload_extensions: tuple[str, ...] = ("pdf", "docx", "xlsx", "txt")


current = Settings()


def configure(config: dict) -> None:
    mapping = {
        "due_soon_working_days": config.get("DUE_SOON_WORKING_DAYS"),
        "late_extension_erases_lateness": config.get("LATE_EXTENSION_ERASES_LATENESS"),
        "office_decides_extensions": config.get("OFFICE_DECIDES_EXTENSIONS"),
        "upload_dir": config.get("UPLOAD_DIR"),
        "upload_max_bytes": config.get("MAX_CONTENT_LENGTH"),
        "upload_extensions": config.get("UPLOAD_EXTENSIONS"),
    }
    for f in fields(Settings):
        if mapping.get(f.name) is not None:
            setattr(current, f.name, mapping[f.name])
