import { ruleTester } from '../helpers/rule-tester';

const compose = 'compose.yaml';

ruleTester('security-opt-unconfined', {
  valid: [
    { name: 'a custom profile and no-new-privileges', files: { [compose]: 'services:\n  a:\n    image: x\n    security_opt:\n      - no-new-privileges:true\n      - seccomp:./profile.json\n' } },
  ],
  invalid: [
    {
      name: 'colon and equals forms',
      files: { [compose]: 'services:\n  a:\n    image: x\n    security_opt:\n      - seccomp:unconfined\n      - apparmor=unconfined\n      - label:disable\n      - systempaths=unconfined\n' },
      errors: [
        { line: 5, column: 9, message: 'seccomp' },
        { line: 6, message: 'AppArmor' },
        { line: 7, message: 'SELinux' },
        { line: 8, message: 'unmasks' },
      ],
    },
  ],
});
