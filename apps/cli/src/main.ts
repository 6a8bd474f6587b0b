const command = process.argv[2] ?? 'help';
if (command === 'train') {
  console.log('typeflow: training is not built yet (see the open issues); nothing to do.');
} else {
  console.log(`typeflow: '${command}' is not built yet.`);
}
