"""The bad inputs of tests/robustness/test_rob_bad_input.py: structure specs, absurd parameters,
batch files. Data only (each case is the input and a fragment of the one-line error it must give)."""

from __future__ import annotations

import json

CIF = """data_Cu
_cell_length_a 3.6
_cell_length_b 3.6
_cell_length_c 3.6
_cell_angle_alpha 90
_cell_angle_beta 90
_cell_angle_gamma 90
_symmetry_space_group_name_H-M 'P 1'
loop_
_atom_site_label
_atom_site_type_symbol
_atom_site_fract_x
_atom_site_fract_y
_atom_site_fract_z
Cu1 Cu 0 0 0
Cu2 Cu 0.5 0.5 0
Cu3 Cu 0.5 0 0.5
Cu4 Cu 0 0.5 0.5
"""
POSCAR = "Cu\n1.0\n3.6 0 0\n0 3.6 0\n0 0 3.6\nCu\n4\nDirect\n0 0 0\n0.5 0.5 0\n0.5 0 0.5\n0 0.5 0.5\n"
XYZ = "3\nwater\nO 0 0 0\nH 0.96 0 0\nH -0.24 0.93 0\n"
EXTXYZ = '2\nLattice="5 0 0 0 5 0 0 0 5" Properties=species:S:1:pos:R:3 pbc="T T T"\nCu 0 0 0\nCu 1.8 1.8 0\n'

# name -> (structure spec, fragment of the error)
STRUCTURES: dict[str, tuple[dict[str, object], str]] = {
    "cif_truncated": ({"cif": CIF[:200]}, "cannot parse cif"),
    "cif_garbage": ({"cif": "this is not a cif at all\n\x00\x01"}, "cannot parse cif"),
    "cif_no_atoms": ({"cif": CIF.split("loop_")[0]}, "cannot parse cif"),
    "cif_nan_coordinate": ({"cif": CIF.replace("Cu2 Cu 0.5 0.5 0", "Cu2 Cu nan 0.5 0")}, "cannot parse cif"),
    "cif_unknown_element": ({"cif": CIF.replace("Cu1 Cu", "Xx1 Xx")}, "cannot parse cif"),
    "cif_negative_lattice": ({"cif": CIF.replace("_cell_length_a 3.6", "_cell_length_a -3.6")}, "positive length"),
    "cif_zero_lattice": ({"cif": CIF.replace("_cell_length_b 3.6", "_cell_length_b 0")}, "positive length"),
    "poscar_truncated": ({"poscar": POSCAR[:40]}, "cannot parse poscar"),
    "poscar_count_mismatch": ({"poscar": POSCAR.replace("\n4\n", "\n9\n")}, "cannot parse poscar"),
    "poscar_nan": ({"poscar": POSCAR.replace("0.5 0.5 0\n", "nan 0.5 0\n")}, "NaN or infinite"),
    "poscar_inf": ({"poscar": POSCAR.replace("0.5 0.5 0\n", "inf 0.5 0\n")}, "NaN or infinite"),
    "poscar_unknown_element": ({"poscar": POSCAR.replace("\nCu\n4", "\nQq\n4")}, "cannot parse poscar"),
    "poscar_flat_cell": ({"poscar": POSCAR.replace("0 0 3.6", "0 0 0")}, "degenerate"),
    "poscar_blank": ({"poscar": "   "}, "empty"),
    "xyz_truncated": ({"xyz": XYZ[:15]}, "cannot parse xyz"),
    "xyz_count_mismatch": ({"xyz": XYZ.replace("3\n", "7\n", 1)}, "expected 7"),
    "xyz_nan": ({"xyz": XYZ.replace("0.96", "nan")}, "NaN or infinite"),
    "xyz_inf": ({"xyz": XYZ.replace("0.96", "-inf")}, "NaN or infinite"),
    "xyz_overlapping_atoms": ({"xyz": "2\n\nH 0 0 0\nH 0 0 0.01\n"}, "overlapping atoms"),
    "xyz_unknown_element": ({"xyz": XYZ.replace("O 0", "Zz 0")}, "cannot parse xyz"),
    "xyz_words_for_numbers": ({"xyz": XYZ.replace("0.96", "abc")}, "cannot parse xyz"),
    "xyz_binary": ({"xyz": "\x00\x01\x02\xff\xfe" * 20}, "cannot parse xyz"),
    "xyz_zero_atoms": ({"xyz": "0\n\n"}, "no atoms"),
    "extxyz_short_lattice": ({"xyz": EXTXYZ.replace('Lattice="5 0 0 0 5 0 0 0 5"', 'Lattice="5 0 0"')}, "Lattice"),
    "extxyz_bad_properties": ({"xyz": EXTXYZ.replace("pos:R:3", "pos:R:2")}, "cannot parse xyz"),
    "extxyz_nan_lattice": ({"xyz": EXTXYZ.replace('Lattice="5 0 0', 'Lattice="nan 0 0')}, "NaN or infinite"),
    "extxyz_claims_1e5_atoms": ({"xyz": EXTXYZ.replace("2\n", "100000\n", 1)}, "expected 100000"),
    "xyz_1e5_atoms": ({"xyz": "100000\n\n" + "".join(f"Ar {i * 3.0} 0 0\n" for i in range(100_000))}, "limit is"),
    "formula_empty": ({"formula": "", "prototype": "fcc"}, "must not be empty"),
    "formula_blank": ({"formula": "   ", "prototype": "fcc"}, "must not be empty"),
    "formula_absurdly_long": ({"formula": "Cu" * 5000, "prototype": "fcc"}, "cannot build"),
    "formula_1e5_atoms": ({"formula": "Cu100000"}, "cannot build"),
    "formula_unknown_element": ({"formula": "Xy", "prototype": "fcc"}, "unknown element"),
    "formula_junk": ({"formula": "((Cu", "prototype": "fcc"}, "cannot parse formula"),
    "formula_unicode": ({"formula": "Cu\u2603", "prototype": "fcc"}, "cannot parse formula"),
    "prototype_unknown": ({"formula": "Cu", "prototype": "quasicrystal"}, "unknown prototype"),
    "lattice_negative": ({"formula": "Cu", "prototype": "fcc", "a": -3.6}, "positive length"),
    "lattice_zero": ({"formula": "Cu", "prototype": "fcc", "a": 0}, "positive length"),
    "lattice_nan": ({"formula": "Cu", "prototype": "fcc", "a": "NaN"}, "positive length"),
    "lattice_inf": ({"formula": "Cu", "prototype": "fcc", "a": "Infinity"}, "positive length"),
    "lattice_word": ({"formula": "Cu", "prototype": "fcc", "a": "big"}, "valid number"),
    "lattice_tiny": ({"formula": "Cu", "prototype": "fcc", "a": 0.1}, "degenerate"),
    "molecule_unknown": ({"molecule": "unobtainium"}, "unknown molecule"),
    "molecule_nul_byte": ({"molecule": "H2O\x00"}, "unknown molecule"),
    "smiles_unbalanced": ({"smiles": "C1CC(("}, "invalid SMILES"),
    "smiles_absurdly_long": ({"smiles": "C" * 501}, "longer than 500"),
    "two_kinds": ({"formula": "Cu", "prototype": "fcc", "molecule": "H2O"}, "exactly one"),
    "no_kind": ({}, "exactly one"),
    "extra_field": ({"formula": "Cu", "prototype": "fcc", "colour": "red"}, "Extra inputs"),
    "structure_as_string": ("Cu fcc", "structure"),  # type: ignore[dict-item]
    "structure_as_list": ([1, 2, 3], "structure"),  # type: ignore[dict-item]
    "structure_id_unknown": ({"structure_id": "s-000000000000"}, "no structure"),
    "structure_id_traversal": ({"structure_id": "../../etc/passwd"}, "invalid structure_id"),
    "file_missing": ({"file": "nope.cif"}, "does not exist"),
    "file_traversal": ({"file": "../../../etc/passwd"}, "outside the workspace"),
    "file_absolute": ({"file": "/etc/passwd"}, "outside the workspace"),
}

CU = {"formula": "Cu", "prototype": "fcc"}
# name -> (tool, arguments merged over a valid call, fragment of the error)
PARAMETERS: dict[str, tuple[str, dict[str, object], str]] = {
    "relax_fmax_zero": ("relax_structure", {"fmax": 0}, "greater than 0"),
    "relax_fmax_negative": ("relax_structure", {"fmax": -0.1}, "greater than 0"),
    "relax_1e9_steps": ("relax_structure", {"steps": 10**9}, "less than or equal"),
    "relax_steps_word": ("relax_structure", {"steps": "many"}, "valid integer"),
    "relax_steps_float": ("relax_structure", {"steps": 2.5}, "valid integer"),
    "relax_optimizer_unknown": ("relax_structure", {"optimizer": "magic"}, "FIRE"),
    "relax_cell_word": ("relax_structure", {"relax_cell": "perhaps"}, "valid boolean"),
    "md_negative_temperature": ("run_md", {"temperature_k": -300}, "greater than 0"),
    "md_zero_temperature": ("run_md", {"temperature_k": 0}, "greater than 0"),
    "md_nan_temperature": ("run_md", {"temperature_k": "NaN"}, "temperature_k"),
    "md_1e9_steps": ("run_md", {"steps": 10**9}, "less than or equal"),
    "md_zero_timestep": ("run_md", {"timestep_fs": 0}, "greater than 0"),
    "md_temperature_word": ("run_md", {"temperature_k": "hot"}, "valid number"),
    "thermo_negative_temperature": ("thermochemistry", {"temperature_k": -1}, "greater than 0"),
    "thermo_zero_pressure": ("thermochemistry", {"pressure_bar": 0}, "greater than 0"),
    "eos_1e6_points": ("equation_of_state", {"n_points": 10**6}, "less than or equal"),
    "eos_negative_strain": ("equation_of_state", {"strain": -0.1}, "strain"),
    "calculator_unknown": ("single_point", {"calculator": "dft-9000"}, "unknown calculator"),
    "calculator_number": ("single_point", {"calculator": 7}, "valid string"),
    "unexpected_argument": ("single_point", {"shell": "rm -rf /"}, "shell"),
}

# name -> (file name, content, fragment of the error)
BATCH_FILES: dict[str, tuple[str, str | bytes, str]] = {
    "yaml_syntax": ("a.yaml", "- id: a\n  claim: [unclosed\n", "not valid YAML"),
    "yaml_missing_claim": ("a.yaml", "- id: a\n", "claim: missing or empty"),
    "yaml_duplicate_ids": ("a.yaml", "- {id: a, claim: Cu is fcc.}\n- {id: a, claim: Ni is fcc.}\n", "duplicate id"),
    "yaml_claim_number": ("a.yaml", "- {id: a, claim: 42}\n", "valid string"),
    "yaml_scalar": ("a.yaml", "just a string\n", "expected a list"),
    "yaml_empty": ("a.yaml", "", "expected a list"),
    "yaml_not_utf8": ("a.yaml", b"- {id: a, claim: \xff\xfe caf\xe9}\n", "utf-8"),
    "yaml_item_not_mapping": ("a.yaml", "- just text\n", "must be a mapping"),
    "jsonl_bad_line": ("a.jsonl", '{"id": "a", "claim": "Cu is fcc."}\n{"id": "b", "claim": \n', "line 2: not valid JSON"),
    "jsonl_claim_list": ("a.jsonl", '{"id": "a", "claim": ["x"]}\n', "valid string"),
    "jsonl_binary": ("a.jsonl", bytes(range(256)) * 4, "not UTF-8"),
    "jsonl_deeply_nested": ("a.jsonl", '{"id": "a", "claim": "x", "c": ' + "[" * 5000 + "]" * 5000 + "}\n", "nested too deeply"),
    "jsonl_duplicate_ids": ("a.jsonl", json.dumps({"id": "a", "claim": "x y"}) + "\n" + json.dumps({"id": "a", "claim": "y z"}), "duplicate id"),
    "jsonl_only_blank_lines": ("a.jsonl", "\n\n  \n", "no items"),
}  # fmt: skip
