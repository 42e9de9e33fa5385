"""Build hook: the wheel carries templates/ and migrations/ inside the package (tracker/_templates,
tracker/_migrations), so an installed app can render pages and run `tracker db upgrade`."""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

RESOURCES = (("templates", "_templates"), ("migrations", "_migrations"))


class BuildWithResources(build_py):
    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads them from the checkout
        root = Path(__file__).resolve().parent
        for source, name in RESOURCES:
            target = Path(self.build_lib) / "tracker" / name
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(root / source, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))


setup(cmdclass={"build_py": BuildWithResources})
