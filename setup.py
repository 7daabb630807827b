"""Packaging for aae_nbdev: every `[project]` field is read from `settings.ini`.

`nbdev_export` writes a `pyproject.toml` whose `[project]` fields are all dynamic,
so this file must provide each of them. It deliberately avoids `pkg_resources`,
which current setuptools no longer ships.
"""
from configparser import ConfigParser
from pathlib import Path

import setuptools

here = Path(__file__).parent
config = ConfigParser(delimiters=["="])
config.read(here / "settings.ini", encoding="utf-8")
cfg = config["DEFAULT"]

required = "version description keywords author author_email license min_python lib_name user repo".split()
missing = [k for k in required if k not in cfg]
if missing: raise SystemExit(f"settings.ini is missing: {', '.join(missing)}")

licenses = {"apache2": ("Apache Software License 2.0", "OSI Approved :: Apache Software License")}
statuses = ["1 - Planning", "2 - Pre-Alpha", "3 - Alpha", "4 - Beta", "5 - Production/Stable", "6 - Mature", "7 - Inactive"]
py_versions = "3.9 3.10 3.11 3.12 3.13".split()

lic = licenses.get(cfg["license"].lower(), (cfg["license"], None))
min_python = tuple(int(p) for p in cfg["min_python"].split("."))
requirements = cfg.get("requirements", "").split()
dev_requirements = cfg.get("dev_requirements", "").split()
scripts = [s.strip() for s in cfg.get("console_scripts", "").splitlines() if s.strip()]
url = f"https://github.com/{cfg['user']}/{cfg['repo']}"

setuptools.setup(
    name=cfg["lib_name"],
    version=cfg["version"],
    description=cfg["description"],
    long_description=(here / "README.md").read_text(encoding="utf-8"),
    long_description_content_type="text/markdown",
    keywords=cfg["keywords"],
    license=lic[0],
    author=cfg["author"],
    author_email=cfg["author_email"],
    url=url,
    project_urls={"Documentation": f"https://{cfg['user']}.github.io/{cfg['repo']}",
                  "Source": url, "Issues": f"{url}/issues"},
    classifiers=[f"Development Status :: {statuses[int(cfg['status'])]}",
                 f"Intended Audience :: {cfg['audience'].title()}",
                 f"Natural Language :: {cfg['language'].title()}",
                 "Topic :: Scientific/Engineering :: Artificial Intelligence"]
                + [f"Programming Language :: Python :: {v}" for v in py_versions
                   if tuple(int(p) for p in v.split(".")) >= min_python]
                + ([f"License :: {lic[1]}"] if lic[1] else []),
    packages=setuptools.find_packages(include=[cfg["lib_name"], f"{cfg['lib_name']}.*"]),
    package_data={cfg["lib_name"]: ["assets/*.pt"]},  # the MNIST classifier the metrics use (MANIFEST.in puts it in the sdist)
    python_requires=f">={cfg['min_python']}",
    install_requires=requirements,
    extras_require={"dev": dev_requirements},
    entry_points={"console_scripts": scripts,
                  "nbdev": [f"{cfg['lib_name']}={cfg['lib_name']}._modidx:d"]},
    zip_safe=False,
)
