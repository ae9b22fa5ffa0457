/**
 * A small bundled list of the most common passwords (and patterns that pass a length rule),
 * compared case-insensitively. Not a breach corpus, just the ones everyone tries first.
 */
export const COMMON_PASSWORDS = new Set(
  `123456789012 1234567890123 12345678901234 123456123456 111111111111 000000000000 123123123123
  password1234 password12345 password123456 passwordpassword password1! password!234 p@ssw0rd1234
  qwertyuiop12 qwertyuiop123 qwerty123456 qwertyqwerty 1q2w3e4r5t6y 1qaz2wsx3edc zaq12wsxcde3
  iloveyou1234 letmein12345 welcome12345 welcome123456 admin1234567 administrator changeme1234
  abc123456789 abcdef123456 abcd12345678 aaaaaaaaaaaa trustno12345 dragon123456 monkey123456
  football1234 baseball1234 superman1234 sunshine1234 princess1234 starwars1234 whatever1234
  master123456 shadow123456 michael12345 jennifer1234 computer1234 internet1234 samsung12345
  secret123456 security1234 beirut123456 damascus1234 lebanon12345 syria1234567 tansiq123456
  passw0rd1234 welcome@1234 admin@123456 password@123 qwerty@12345 1234qwerasdf asdfghjkl123
  asdfasdfasdf zxcvbnm12345 mypassword12 mypassword123 changeme123! letmein123!! 987654321098`
    .split(/\s+/)
    .filter(Boolean),
);
