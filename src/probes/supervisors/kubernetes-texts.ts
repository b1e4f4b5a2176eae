// kubernetes's own words: its name, where its output is, what to check of it and how `init` names what it runs, in
// both locales (registered for the renderers by src/probes/supervisors/index.ts, read when first worded).

export const en = {
  'status.manager.kubernetes': "Kubernetes (the pod's kubelet)",
  'finding.deployment_setting.apply.kubernetes':
    "The pod's spec is the cluster's: change it through kubectl (its Deployment or StatefulSet) and the kubelet starts the new pod; nothing on this node can.",

  'finding.service.journal.pod':
    'errors.log and its output as the kubelet keeps it (`{cmd}` on this node, `{kubectl}`)',
  'finding.service.status.pod':
    "The kubelet starts it again after each exit, waiting longer each time it fails soon (up to five minutes: CrashLoopBackOff); what the pod runs is the cluster's to change, not this node's: `{cmd}`.",
  'init.home.pod':
    'runs in Kubernetes pod {name}, whose kubelet starts it again after it exits: gatewatch restarts it on this node through crictl (that access is root on this node)',
} as const;

export const zhCN: Record<keyof typeof en, string> = {
  'status.manager.kubernetes': 'Kubernetes（Pod 的 kubelet）',
  'finding.deployment_setting.apply.kubernetes':
    'Pod 的规格属于集群：通过 kubectl 修改（它的 Deployment 或 StatefulSet），kubelet 会启动新的 Pod；在这个节点上做什么都改不了它。',

  'finding.service.journal.pod': 'errors.log 以及 kubelet 保存的它的输出（本节点上 `{cmd}`，或 `{kubectl}`）',
  'finding.service.status.pod':
    '每次退出后 kubelet 都会再次启动它，接连失败时等待越来越久（最长五分钟：CrashLoopBackOff）；Pod 运行什么由集群决定，不在本节点修改：`{cmd}`。',
  'init.home.pod':
    '运行在 Kubernetes Pod {name} 中，退出后由它的 kubelet 再次启动：gatewatch 在本节点上通过 crictl 重启它（能使用 crictl 即等于本节点的 root 权限）',
};
