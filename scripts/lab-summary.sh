#!/usr/bin/env bash
# Says where `make lab` left its outputs.
reports="${1:-reports}"
prefix="${AMANE_LAB_PREFIX:-amane-lab-}"
cat <<MSG

The lab is up and converged.
  Hosts:        docker ps --filter label=amane.lab=$prefix   (shell: docker exec -it ${prefix}gw1 bash)
  Inventory:    inventories/lab/ (ansible-inventory --graph)
  Registry:     inventories/lab/registry.sqlite (enrolled laptops: playbooks/enroll.yml)
  Reports:      $reports (playbooks/report.yml)
  Facts cache:  .cache/facts
  Take it down: make lab-down
MSG
