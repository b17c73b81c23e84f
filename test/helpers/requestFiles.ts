/** Request files the command-line tests share: valid ones, to change one thing in. */

/** A valid Huawei request: a path parameter and a small body. */
export const VMR_REQUEST = {
  operation: 'huawei.meeting.updateMemberVmr',
  pathParams: { id: 'ff80808167ef1edf0167f33d650c0662' },
  body: { vmrName: 'Project room', allowGustFirst: false },
};

/** A complete body of the personal room options: every required property, nothing undocumented. */
export const PMR_BODY = {
  topic: "John's PMR",
  hostPin: '4325',
  enabledAutoLock: true,
  autoLockMinutes: 10,
  enabledNotifyHost: true,
  supportCoHost: false,
  coHosts: [],
};
