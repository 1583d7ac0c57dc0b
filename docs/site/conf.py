# Sphinx configuration of Amane's docs site (make docs, scripts/docs.sh).
# The pages come from the plugins' documentation and the roles' argument_specs, through antsibull-docs.
import os

project = "Amane"
copyright = "Amane maintainers"
title = "amane.telework"
html_short_title = "amane.telework"

extensions = ["sphinx.ext.intersphinx", "sphinx_antsibull_ext"]
pygments_style = "ansible"
highlight_language = "YAML+Jinja"
html_theme = "sphinx_ansible_theme"
html_show_sphinx = False
display_version = False
html_use_smartypants = True
html_use_modindex = False
html_use_index = False
html_copy_source = False
default_role = "any"
nitpicky = True

# The pages link to Ansible's own docs (return values, configuration). Sphinx resolves those links
# from an inventory it would download from docs.ansible.com; scripts/docs_offline_inventory.py writes
# the few entries the pages use instead, so the build needs no network and every link stays real.
intersphinx_mapping = {
    "ansible_devel": ("https://docs.ansible.com/projects/ansible/devel/", os.environ["AMANE_DOCS_ANSIBLE_INVENTORY"]),
}
intersphinx_disabled_reftypes = []
