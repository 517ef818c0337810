#!/usr/bin/env python3
"""The test overlay of packaging/k8s for `podman kube play` (tests/packaging/kube.sh).

Reads the kustomization's resources and writes two files of what podman 4.3
plays (Pods, Deployments, ConfigMaps), changing only what a single machine
without a cluster needs:

- migrate.yaml: the migration Job's pod template as a Pod (podman plays no
  Jobs), with the settings;
- apps.yaml: the serve and daemon Deployments with the settings;
- each pod on the host network with one replica (replicas of one mode would
  share a port), its port (SHOP_HTTP_PORT, probes) moved to a test port and
  its declared container ports left out (podman refuses them there);
- the image, the Kafka bootstrap servers and a Kafka namespace of the test's
  own in the ConfigMap shop-settings;
- the Secret shop-secrets (a template in the repository) as a ConfigMap with
  the test's database URL and JWT secret, since podman 4.3 plays no Secrets.

Everything else (commands, probes' paths, settings, security contexts) is the
manifests' own. Services, autoscaler and disruption budgets have no meaning
for podman and are left out, after a check that each points at the pods it
is meant for.
"""
import argparse
import os
import sys

import yaml

SECRET_NAME = "shop-secrets"
SETTINGS_NAME = "shop-settings"


def load_resources(kustomize_dir):
    with open(os.path.join(kustomize_dir, "kustomization.yaml")) as f:
        kustomization = yaml.safe_load(f)
    documents = []
    for resource in kustomization["resources"]:
        with open(os.path.join(kustomize_dir, resource)) as f:
            documents.extend(d for d in yaml.safe_load_all(f) if d)
    return documents


def by_kind(documents, kind):
    return [d for d in documents if d["kind"] == kind]


def one(documents, kind, name):
    found = [d for d in by_kind(documents, kind) if d["metadata"]["name"] == name]
    if len(found) != 1:
        sys.exit(f"kube_test_overlay: expected one {kind} {name} in the manifests, found {len(found)}")
    return found[0]


def check_references(documents):
    """What podman cannot play must still point at the right pods: every
    Service and PodDisruptionBudget selects one Deployment's pods, every
    autoscaler scales a Deployment."""
    deployments = {d["metadata"]["name"]: d["spec"]["template"]["metadata"]["labels"]
                   for d in by_kind(documents, "Deployment")}

    def selected(selector):
        return [name for name, labels in deployments.items()
                if all(labels.get(key) == value for key, value in selector.items())]

    problems = []
    for service in by_kind(documents, "Service"):
        if len(selected(service["spec"]["selector"])) != 1:
            problems.append(f"Service {service['metadata']['name']} selects {selected(service['spec']['selector'])}")
    for budget in by_kind(documents, "PodDisruptionBudget"):
        labels = budget["spec"]["selector"]["matchLabels"]
        if len(selected(labels)) != 1:
            problems.append(f"PodDisruptionBudget {budget['metadata']['name']} selects {selected(labels)}")
    for autoscaler in by_kind(documents, "HorizontalPodAutoscaler"):
        target = autoscaler["spec"]["scaleTargetRef"]
        if target["kind"] != "Deployment" or target["name"] not in deployments:
            problems.append(f"HorizontalPodAutoscaler {autoscaler['metadata']['name']} scales {target}")
    if problems:
        sys.exit("kube_test_overlay: " + "; ".join(problems))


def adapt_pod_spec(spec, image, port):
    spec["hostNetwork"] = True
    for container in spec["containers"]:
        container["image"] = image
        for source in container.get("envFrom", []):
            if source.get("secretRef", {}).get("name") == SECRET_NAME:
                source["configMapRef"] = source.pop("secretRef")
        if port is None:
            continue
        for variable in container.get("env", []):
            if variable["name"] == "SHOP_HTTP_PORT":
                variable["value"] = str(port)
        # On the host network a declared port is the host's (podman 4.3
        # refuses port mappings there), so the probes name it directly.
        container.pop("ports", None)
        for probe in ("startupProbe", "livenessProbe", "readinessProbe"):
            if probe in container:
                container[probe]["httpGet"]["port"] = port


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--manifests", required=True, help="the kustomization folder (packaging/k8s)")
    parser.add_argument("--out", required=True, help="folder for migrate.yaml and apps.yaml")
    parser.add_argument("--image", required=True)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--jwt-secret", required=True)
    parser.add_argument("--kafka-bootstrap-servers", required=True)
    parser.add_argument("--kafka-namespace", required=True)
    parser.add_argument("--serve-port", type=int, required=True)
    parser.add_argument("--daemon-port", type=int, required=True)
    args = parser.parse_args()

    documents = load_resources(args.manifests)
    check_references(documents)
    settings = one(documents, "ConfigMap", SETTINGS_NAME)
    settings["data"]["SHOP_KAFKA_BOOTSTRAP_SERVERS"] = args.kafka_bootstrap_servers
    settings["data"]["SHOP_KAFKA_NAMESPACE"] = args.kafka_namespace
    secret = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": SECRET_NAME},
              "data": {"SHOP_DATABASE_URL": args.database_url, "SHOP_JWT_SECRET": args.jwt_secret}}

    job = one(documents, "Job", "shop-migrate")
    migrate = {"apiVersion": "v1", "kind": "Pod",
               "metadata": {"name": job["metadata"]["name"], "labels": job["spec"]["template"]["metadata"]["labels"]},
               "spec": job["spec"]["template"]["spec"]}
    adapt_pod_spec(migrate["spec"], args.image, None)

    deployments = []
    for name, port in (("shop-serve", args.serve_port), ("shop-daemon", args.daemon_port)):
        deployment = one(documents, "Deployment", name)
        deployment["spec"]["replicas"] = 1
        adapt_pod_spec(deployment["spec"]["template"]["spec"], args.image, port)
        deployments.append(deployment)

    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "migrate.yaml"), "w") as f:
        yaml.safe_dump_all([settings, secret, migrate], f, sort_keys=False)
    with open(os.path.join(args.out, "apps.yaml"), "w") as f:
        yaml.safe_dump_all([settings, secret] + deployments, f, sort_keys=False)


if __name__ == "__main__":
    main()
