"""Playbook's data layer: load a content folder into one validated, resolved catalogue.

from catalog import load_catalog
catalog = load_catalog("content")       # raises CatalogError listing every problem
catalog.graph.assignments("sdr")         # every step where the SDR is R, A, C or I
"""

from .catalog import Catalog, Source
from .graph import Assignment, Graph, Handoff, StepRef
from .loader import load, load_catalog
from .problems import CatalogError, Problem, Severity
from .refs import Ref, RefError, page_path, parse_ref

__all__ = [
    "Assignment",
    "Catalog",
    "CatalogError",
    "Graph",
    "Handoff",
    "Problem",
    "Ref",
    "RefError",
    "Severity",
    "Source",
    "StepRef",
    "load",
    "load_catalog",
    "page_path",
    "parse_ref",
]
