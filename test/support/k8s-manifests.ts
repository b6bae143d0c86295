// Reads the manifests in k8s-examples/ and finds every init-preflight invocation in them, with
// the environment the kubelet would give it (Downward API values resolved as the kubelet does).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

export const EXAMPLES_DIR = fileURLToPath(new URL('../../k8s-examples', import.meta.url));

/** Container images that run init-preflight. */
const PREFLIGHT_IMAGE = /\/init-preflight:/;

export interface Manifest {
  file: string;
  apiVersion: string;
  kind: string;
  [field: string]: unknown;
}

export interface Container {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  env?: EnvVar[];
  resources?: { limits?: Record<string, string>; requests?: Record<string, string> };
  securityContext?: unknown;
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean }[];
}

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { resourceFieldRef?: { containerName?: string; resource: string; divisor?: string } };
}

export interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  [field: string]: unknown;
}

export interface Invocation {
  where: string;
  container: Container;
  argv: string[];
  env: Record<string, string>;
  /** Limits of the container the Downward API variables point at (the app's). */
  appLimits: Record<string, string>;
}

export function loadManifests(): Manifest[] {
  const files = readdirSync(EXAMPLES_DIR).filter((f) => /\.ya?ml$/.test(f)).sort();
  return files.flatMap((file) =>
    parseAllDocuments(readFileSync(path.join(EXAMPLES_DIR, file), 'utf8')).map((doc) => {
      if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors.map((e) => e.message).join('; ')}`);
      return { ...(doc.toJS() as Manifest), file };
    }),
  );
}

/** The pod spec of a Pod or of a workload's pod template, or undefined. */
export function podSpecOf(manifest: Manifest): PodSpec | undefined {
  if (manifest.kind === 'Pod') return manifest.spec as PodSpec;
  type Template = { template?: { spec?: PodSpec } };
  // A CronJob's pods are in its job template's pod template.
  const spec = manifest.kind === 'CronJob' ? (manifest.spec as { jobTemplate?: { spec?: Template } } | undefined)?.jobTemplate?.spec : (manifest.spec as Template | undefined);
  return spec?.template?.spec;
}

const QUANTITY_SUFFIX: Record<string, number> = {
  '': 1, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40,
};

/** A Kubernetes resource quantity ("512Mi", "500m", "1") as a number. */
export function quantityValue(text: string): number {
  const match = /^(\d+(?:\.\d+)?)([a-zA-Z]*)$/.exec(text);
  const factor = match ? QUANTITY_SUFFIX[match[2] ?? ''] : undefined;
  if (!match || factor === undefined) throw new Error(`not a quantity: "${text}"`);
  return Number(match[1]) * factor;
}

/** The container this one's resourceFieldRef variables name. */
function referencedContainer(pod: PodSpec, self: Container): Container | undefined {
  const name = self.env?.find((v) => v.valueFrom?.resourceFieldRef?.containerName)?.valueFrom?.resourceFieldRef?.containerName;
  return name === undefined ? undefined : pod.containers.find((c) => c.name === name);
}

/** What the kubelet puts in a resourceFieldRef variable: ceil(quantity / divisor), unitless. */
function resourceFieldValue(pod: PodSpec, self: Container, ref: NonNullable<EnvVar['valueFrom']>['resourceFieldRef']): string {
  if (!ref) throw new Error(`${self.name}: only value and resourceFieldRef variables are resolved`);
  const target = ref.containerName ? pod.containers.find((c) => c.name === ref.containerName) : self;
  if (!target) throw new Error(`${self.name}: resourceFieldRef names no container "${ref.containerName}"`);
  const [kind, resource] = ref.resource.split('.') as ['limits' | 'requests', string];
  const quantity = target.resources?.[kind]?.[resource];
  if (quantity === undefined) throw new Error(`${target.name} sets no ${ref.resource}; the kubelet would use the node's allocatable`);
  return String(Math.ceil(quantityValue(quantity) / quantityValue(ref.divisor ?? '1')));
}

/** The container's environment as the kubelet sets it. */
export function containerEnv(pod: PodSpec, container: Container): Record<string, string> {
  const entries = (container.env ?? []).map((v) => [
    v.name,
    v.value ?? resourceFieldValue(pod, container, v.valueFrom?.resourceFieldRef),
  ]);
  return Object.fromEntries(entries) as Record<string, string>;
}

// A container `command` that runs the tool: the image's ENTRYPOINT or its PATH link.
const TOOL_COMMAND = /(^|\/)init-preflight(\.mjs)?$/;

/** argv for the CLI parser: the container's args, once its command is known to run the tool. */
function cliArgv(container: Container): string[] {
  const command = container.command ?? [];
  if (command.length > 0 && !TOOL_COMMAND.test(command.at(-1) ?? '')) {
    throw new Error(`${container.name}: command ${JSON.stringify(command)} does not run init-preflight`);
  }
  return container.args ?? [];
}

export function preflightInvocations(manifest: Manifest): Invocation[] {
  const pod = podSpecOf(manifest);
  if (!pod) return [];
  const containers = [...(pod.initContainers ?? []), ...pod.containers];
  return containers
    .filter((c) => PREFLIGHT_IMAGE.test(c.image))
    .map((c) => ({
      where: `${manifest.file} ${manifest.kind} ${c.name}`,
      container: c,
      argv: cliArgv(c),
      env: containerEnv(pod, c),
      appLimits: referencedContainer(pod, c)?.resources?.limits ?? {},
    }));
}
