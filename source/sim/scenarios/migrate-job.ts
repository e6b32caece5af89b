// A database migration Job: one pod applies the migrations and exits 0, and the Job's
// controller marks it SuccessCriteriaMet, then Complete (COMPLETIONS 1/1), leaving the pod
// Completed as a real cluster does.
export default `
apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
  labels: {app: migrate}
spec:
  backoffLimit: 4
  template:
    metadata:
      labels: {app: migrate}
    spec:
      restartPolicy: Never
      containers:
      - name: migrate
        image: migrate/migrate:v4.17.0
        args: ["-path", "/migrations", "-database", "postgres://db:5432/app?sslmode=disable", "up"]
        x-sim:
          startup:
          - "{iso} applying migrations from /migrations"
          exit:
            after: 3
            code: 0
            lines:
            - "1/u create_users (12.3ms)"
            - "2/u add_email_index (4.1ms)"
`;
