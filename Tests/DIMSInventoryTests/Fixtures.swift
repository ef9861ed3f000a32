/// Files as the original system wrote them with PyYAML's `yaml.dump(data, default_flow_style=False, sort_keys=False)`.
enum Fixtures {
    /// An original `metrics.yaml` with unknown keys, nested maps, lists, folded long lines and every value type.
    static let metrics = #"""
metadata:
  version: 1.0.0
  last_updated: '2025-10-22T14:03:11.123456'
  last_verified: '2025-10-22T14:03:11.123456'
  verified_by: dims_cli.py
  system: NBA Simulator AWS
  notes: Metrics tracked by DIMS. Values are verified against live commands on each
    run; see docs/claude_workflows for details.
s3_storage:
  total_objects:
    value: 172726
    last_verified: '2025-10-22T14:03:11.123456'
    verification_method: aws s3 ls s3://nba-sim-raw-data-lake/ --recursive | wc -l
    cached: true
    cache_expires: '2025-10-23T14:03:11'
    path: s3://nba-sim-raw-data-lake/
    details:
      by_prefix:
        box_scores: 44828
        pbp: 44826
        schedule: 11633
  total_size_gb:
    value: 118.26
    last_verified: '2025-10-22T14:03:11.123456'
    verification_method: aws s3 ls s3://nba-sim-raw-data-lake/ --recursive --summarize
      | grep 'Total Size' | awk '{print $3/1024/1024/1024}'
    cached: true
    cache_expires: '2025-10-23T14:03:11'
  hoopr_files:
    value: 410
    last_verified: '2025-10-22T14:03:11.123456'
    verification_method: aws s3 ls s3://nba-sim-raw-data-lake/hoopr/ | wc -l
    cached: false
code_base:
  python_files:
    value: 1268
    last_verified: '2025-10-21T09:12:44.000512'
    verification_method: find . -name '*.py' -type f | wc -l
    tags:
    - volatile
    - files
    notes: null
  status:
    value: 'yes'
    last_verified: '2025-10-21T09:12:44'
    verification_method: echo yes
  healthy:
    value: true
    last_verified: '2025-10-21T09:12:44'
    verification_method: ''
git:
  book_recommendation_commits:
    value: 214
    last_verified: '2025-10-20T08:00:00.5'
    verification_method: git log --oneline --grep="book" | wc -l
    empty_map: {}
    empty_list: []

"""#

    /// `metrics` after changing `s3_storage.total_size_gb`, adding `code_base.test_files` and a `documentation` category,
    /// as PyYAML writes the changed data.
    static let metricsChanged = #"""
metadata:
  version: 1.0.0
  last_updated: '2025-10-23T08:30:00'
  last_verified: '2025-10-22T14:03:11.123456'
  verified_by: dims_cli.py
  system: NBA Simulator AWS
  notes: Metrics tracked by DIMS. Values are verified against live commands on each
    run; see docs/claude_workflows for details.
s3_storage:
  total_objects:
    value: 172726
    last_verified: '2025-10-22T14:03:11.123456'
    verification_method: aws s3 ls s3://nba-sim-raw-data-lake/ --recursive | wc -l
    cached: true
    cache_expires: '2025-10-23T14:03:11'
    path: s3://nba-sim-raw-data-lake/
    details:
      by_prefix:
        box_scores: 44828
        pbp: 44826
        schedule: 11633
  total_size_gb:
    value: 120.5
    last_verified: '2025-10-23T08:30:00'
    verification_method: aws s3 ls s3://nba-sim-raw-data-lake/ --recursive --summarize
      | grep 'Total Size' | awk '{print $3/1024/1024/1024}'
    cached: true
    cache_expires: '2025-10-23T14:03:11'
  hoopr_files:
    value: 410
    last_verified: '2025-10-22T14:03:11.123456'
    verification_method: aws s3 ls s3://nba-sim-raw-data-lake/hoopr/ | wc -l
    cached: false
code_base:
  python_files:
    value: 1268
    last_verified: '2025-10-21T09:12:44.000512'
    verification_method: find . -name '*.py' -type f | wc -l
    tags:
    - volatile
    - files
    notes: null
  status:
    value: 'yes'
    last_verified: '2025-10-21T09:12:44'
    verification_method: echo yes
  healthy:
    value: true
    last_verified: '2025-10-21T09:12:44'
    verification_method: ''
  test_files:
    value: 0.0001
    last_verified: '2025-10-23T08:30:00.000001'
    verification_method: find tests -name 'test_*.py' | wc -l
git:
  book_recommendation_commits:
    value: 214
    last_verified: '2025-10-20T08:00:00.5'
    verification_method: git log --oneline --grep="book" | wc -l
    empty_map: {}
    empty_list: []
documentation:
  markdown_files:
    value: 1719
    last_verified: '2025-10-23T08:30:00'

"""#
}
